package io.modelcar.console.modularity.cycle.b;

import io.modelcar.console.modularity.cycle.a.Front;

/** A fixture of ModularityTest: module {@code b} uses {@code a} back, closing the cycle. */
public class Back {

    public Front reach() {
        return new Front();
    }
}
