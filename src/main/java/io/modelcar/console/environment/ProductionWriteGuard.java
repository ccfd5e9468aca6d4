package io.modelcar.console.environment;

import java.net.URI;
import java.util.Set;

import io.modelcar.console.web.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * What production reserves for admins (api.md, roles): on a {@code production} cluster only admins change KServe's
 * configuration (save, restore) and restart its controller; operators get a 403 Problem of its own type, audited,
 * and nothing is written. This interceptor answers early on the routes; the services check the same
 * {@link KServeWriteRule} where they write. Each feature puts it in front of its own routes that change KServe (only
 * their non-GET requests are guarded), so the list of guarded routes lives beside the routes. A {@code dryRun=true}
 * request passes here only when its handler declares a {@code dryRun} parameter (it really writes nothing);
 * elsewhere the parameter means nothing. Toggles have their own, stricter rule (read-only on production for
 * everyone).
 */
public final class ProductionWriteGuard implements HandlerInterceptor {

    static final URI ADMIN_ONLY = ProblemTypes.of("production-admin-only");

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final ObjectProvider<KServeWriteRule> rule;
    private final KServeWriteRule.KServeChange change;

    /**
     * @param rule   the write rule; a provider, so that web slice tests (@WebMvcTest), which bring no cluster beans,
     *               pass every request
     * @param change what the guarded routes change
     */
    public ProductionWriteGuard(ObjectProvider<KServeWriteRule> rule, KServeWriteRule.KServeChange change) {
        this.rule = rule;
        this.change = change;
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
        KServeWriteRule found = rule.getIfAvailable();
        if (found != null) {
            found.check(change);
        }
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
