package io.modelcar.console.images;

/** For tests outside this package that build images: a static busybox (or a stand-in static ELF). */
public final class StaticBusybox {

    private StaticBusybox() {
    }

    public static String path() {
        return ImageBuildRegistryTest.busybox();
    }
}
