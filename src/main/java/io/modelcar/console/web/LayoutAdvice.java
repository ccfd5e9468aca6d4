package io.modelcar.console.web;

import java.time.Instant;

import io.modelcar.console.clusters.ClusterContexts;
import io.modelcar.console.clusters.ClusterScope;
import io.modelcar.console.kubernetes.ClusterState;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every page's layout shows: who is signed in and with which role.
 */
@ControllerAdvice(annotations = Controller.class)
class LayoutAdvice {

    private final ClusterState defaultClusterState;
    private final ObjectProvider<DataFreshness> defaultInventory;
    private final ObjectProvider<ClusterContexts> clusters;

    /** The inventory is optional: web slices run without it (the banner then follows the cluster state only). */
    LayoutAdvice(ClusterState clusterState, ObjectProvider<DataFreshness> inventory,
            ObjectProvider<ClusterContexts> clusters) {
        this.defaultClusterState = clusterState;
        this.defaultInventory = inventory;
        this.clusters = clusters;
    }

    /** The state of the cluster the page shows (its path's, else the default cluster). */
    private ClusterState clusterState() {
        return ClusterScope.bean(ClusterState.class, () -> defaultClusterState);
    }

    private DataFreshness freshness() {
        return ClusterScope.bean(DataFreshness.class, defaultInventory::getIfAvailable);
    }

    /** The name of the cluster the page shows; null when the console manages one cluster only. */
    @ModelAttribute("clusterName")
    String clusterName() {
        ClusterContexts fleet = clusters.getIfAvailable();
        if (fleet == null || fleet.names().size() < 2) {
            return null;
        }
        return ClusterScope.name().orElse(fleet.defaultName());
    }

    /**
     * The header's cluster picker: every cluster with the address of the same page on it; empty when the console
     * manages one cluster only.
     */
    @ModelAttribute("clusterPicker")
    java.util.List<ClusterLink> clusterPicker(jakarta.servlet.http.HttpServletRequest request) {
        ClusterContexts fleet = clusters.getIfAvailable();
        if (fleet == null || fleet.names().size() < 2) {
            return java.util.List.of();
        }
        String current = ClusterScope.name().orElse(fleet.defaultName());
        String root = request.getServletContext() == null ? "" : request.getServletContext().getContextPath();
        String page = request.getRequestURI().substring(request.getContextPath().length());
        String samePage = page.isEmpty() || page.startsWith("/inferenceservices/") ? "/" : page;
        return fleet.visibleNames().stream().map(name -> new ClusterLink(name,
                root + "/clusters/" + name + samePage, name.equals(current))).toList();
    }

    /** The fleet overview's address (outside any cluster's pages). */
    @ModelAttribute("fleetHref")
    String fleetHref(jakarta.servlet.http.HttpServletRequest request) {
        return (request.getServletContext() == null ? "" : request.getServletContext().getContextPath()) + "/fleet";
    }

    /** One entry of the cluster picker. */
    record ClusterLink(String name, String href, boolean current) {
    }

    /**
     * Null while the cluster answers and the inventory's watch is healthy; otherwise the oldest "data as of" instant
     * (ISO-8601): the inventory's last sync or the last successful contact with the API server; an empty string
     * when there never was one. The layout shows "Cluster unreachable: data as of T" from it. One attribute, one
     * place: two advices filling the same attribute would race.
     */
    @ModelAttribute("clusterStale")
    String clusterStale() {
        DataFreshness watched = freshness();
        ClusterState clusterState = clusterState();
        DataFreshness.Freshness inventoryState = watched == null ? new DataFreshness.Freshness(true, false, null)
                : watched.freshness();
        boolean unreachable = clusterState.unreachable();
        if (!unreachable && !inventoryState.stale()) {
            return null;
        }
        Instant asOf = null;
        if (inventoryState.stale()) {
            asOf = inventoryState.asOf();
        }
        if (unreachable) {
            Instant contact = clusterState.lastContact().orElse(null);
            asOf = asOf == null || (contact != null && contact.isBefore(asOf)) ? contact : asOf;
        }
        return asOf == null ? "" : asOf.toString();
    }

    /**
     * True while the inventory's first full list has not arrived (a fresh start against a large cluster): the
     * layout says the InferenceServices are still filling in, while every page already works.
     */
    @ModelAttribute("inventorySyncing")
    boolean inventorySyncing() {
        DataFreshness watched = freshness();
        return watched != null && !watched.freshness().synced() && !clusterState().unreachable();
    }

    @ModelAttribute("currentUser")
    String currentUser() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || !auth.isAuthenticated() || "anonymousUser".equals(auth.getName()) ? null
                : auth.getName();
    }

    @ModelAttribute("currentRole")
    String currentRole() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null) {
            return null;
        }
        boolean admin = false;
        boolean operator = false;
        for (GrantedAuthority a : auth.getAuthorities()) {
            admin |= "ROLE_ADMIN".equals(a.getAuthority());
            operator |= "ROLE_OPERATOR".equals(a.getAuthority());
        }
        return admin ? "admin" : operator ? "operator" : "viewer";
    }

    /** The same attributes for views that exception handlers build (model attribute methods do not run there). */
    void addTo(ModelAndView mav) {
        mav.addObject("clusterStale", clusterStale());
        mav.addObject("clusterName", clusterName());
        mav.addObject("currentUser", currentUser());
        mav.addObject("currentRole", currentRole());
        mav.addObject("canWrite", canWrite());
    }

    /** True when the user may change things; pages disable write actions otherwise and say why. */
    @ModelAttribute("canWrite")
    boolean canWrite() {
        String role = currentRole();
        return "admin".equals(role) || "operator".equals(role);
    }
}
