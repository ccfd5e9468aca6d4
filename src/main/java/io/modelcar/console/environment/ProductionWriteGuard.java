package io.modelcar.console.environment;

import java.net.URI;
import java.util.List;
import java.util.Set;

import io.modelcar.console.web.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * What production reserves for admins (api.md, roles): on a {@code production} cluster only admins change KServe's
 * configuration (save, restore) and restart its controller; operators get a 403 Problem of its own type, audited,
 * and nothing is written. This interceptor answers early on the routes; the services check the same
 * {@link ProductionAdminRule} where they write. A {@code dryRun=true} request passes here only when its handler
 * declares a {@code dryRun} parameter (it really writes nothing); elsewhere the parameter means nothing. Toggles
 * have their own, stricter rule (read-only on production for everyone).
 */
class ProductionWriteGuard implements HandlerInterceptor {

    static final URI ADMIN_ONLY = ProblemTypes.of("production-admin-only");

    /** The routes that change KServe (API and pages); only their non-GET requests are guarded. */
    static final List<String> KSERVE_WRITES = List.of("/api/v1/storage-initializer",
            "/api/v1/storage-initializer/history/*/restore", "/api/v1/kserve/controller/restarts",
            "/configuration/save", "/history/*/restore", "/controller/restarts");

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final KServeWriteRule rule;

    ProductionWriteGuard(KServeWriteRule rule) {
        this.rule = rule;
    }

    /** Whether a user with these roles may change KServe on a cluster of this class. */
    static boolean allowed(EnvironmentClass environment, boolean admin) {
        return environment != EnvironmentClass.PRODUCTION || admin;
    }

    static boolean isAdmin(Authentication authentication) {
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (READS.contains(request.getMethod())
                || ("true".equalsIgnoreCase(request.getParameter("dryRun")) && honoursDryRun(handler))) {
            return true;
        }
        rule.check(request.getRequestURI().contains("/restarts") ? KServeWriteRule.KServeChange.RESTART
                : KServeWriteRule.KServeChange.CONFIGURATION);
        return true;
    }

    /** A handler honours dry runs when it takes the {@code dryRun} request parameter. */
    static boolean honoursDryRun(Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return false;
        }
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null && ("dryRun".equals(param.name()) || "dryRun".equals(param.value())
                    || (param.name().isEmpty() && param.value().isEmpty()
                            && "dryRun".equals(parameter.getParameterName())))) {
                return true;
            }
        }
        return false;
    }
}
