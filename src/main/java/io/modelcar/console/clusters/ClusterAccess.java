package io.modelcar.console.clusters;

/**
 * Whether the signed-in user may see a cluster at all (a role of viewer or more there): clusters they may not see
 * are left out of the cluster list, the fleet overview and the header's picker. Implemented by the security module
 * (the role per cluster); without an implementation every cluster is visible.
 */
public interface ClusterAccess {

    /** Whether the current request's user has at least the viewer role on {@code cluster}. */
    boolean mayView(String cluster);
}
