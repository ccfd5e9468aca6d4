package io.modelcar.console.clusters;

/** The name of the cluster a remote cluster's context serves (a bean of that context). */
public record ClusterName(String value) {
}
