package io.modelcar.console.web;

import java.time.Instant;

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

    private final ClusterState clusterState;
    private final ObjectProvider<DataFreshness> inventory;

    /** The inventory is optional: web slices run without it (the banner then follows the cluster state only). */
    LayoutAdvice(ClusterState clusterState, ObjectProvider<DataFreshness> inventory) {
        this.clusterState = clusterState;
        this.inventory = inventory;
    }

    /**
     * Null while the cluster answers and the inventory's watch is healthy; otherwise the oldest "data as of" instant
     * (ISO-8601): the inventory's last sync or the last successful contact with the API server; an empty string
     * when there never was one. The layout shows "Cluster unreachable: data as of T" from it. One attribute, one
     * place: two advices filling the same attribute would race.
     */
    @ModelAttribute("clusterStale")
    String clusterStale() {
        DataFreshness watched = inventory.getIfAvailable();
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
        DataFreshness watched = inventory.getIfAvailable();
        return watched != null && !watched.freshness().synced() && !clusterState.unreachable();
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
