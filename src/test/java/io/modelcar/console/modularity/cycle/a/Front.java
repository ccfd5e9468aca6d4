package io.modelcar.console.modularity.cycle.a;

import io.modelcar.console.modularity.cycle.b.Back;

/** A fixture of ModularityTest: module {@code a} uses {@code b}, which uses {@code a} back (a deliberate cycle). */
public class Front {

    public Back back() {
        return new Back();
    }
}
