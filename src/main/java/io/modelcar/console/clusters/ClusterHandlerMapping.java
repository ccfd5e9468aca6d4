package io.modelcar.console.clusters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * In front of every other handler mapping: a request {@link ClusterRequests} marked for a remote cluster goes to
 * that cluster's controllers (its context's own), with that cluster's interceptors (production's admins-only guard
 * reads that cluster's environment) and the console-wide ones. A path of an unknown cluster is a 404 Problem. The
 * default cluster's requests fall through to the root's mappings, exactly as before.
 */
class ClusterHandlerMapping implements HandlerMapping, Ordered {

    private final ClusterContexts clusters;
    private final ApplicationContext root;
    private final Map<String, RequestMappingHandlerMapping> mappings = new ConcurrentHashMap<>();

    ClusterHandlerMapping(ClusterContexts clusters, ApplicationContext root) {
        this.clusters = clusters;
        this.root = root;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public boolean usesPathPatterns() {
        return true;
    }

    @Override
    public HandlerExecutionChain getHandler(HttpServletRequest request) throws Exception {
        Object unknown = request.getAttribute(ClusterRequests.UNKNOWN_ATTRIBUTE);
        if (unknown != null) {
            return failing(request, new UnknownClusterException(String.valueOf(unknown)));
        }
        Object name = request.getAttribute(ClusterScope.NAME_ATTRIBUTE);
        if (!(request.getAttribute(ClusterScope.CONTEXT_ATTRIBUTE) instanceof ConfigurableApplicationContext remote)) {
            return null;
        }
        RequestMappingHandlerMapping mapping = mappings.computeIfAbsent((String) name, n -> mapping(remote));
        if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
            ServletRequestPathUtils.parseAndCache(request);
        }
        HandlerExecutionChain chain = mapping.getHandler(request);
        if (chain == null && lookupPath(request).startsWith("/api/")) {
            // a remote cluster's API path that the cluster does not serve is not the default cluster's either
            return failing(request, new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.NOT_FOUND, "This API is the console's, not a cluster's: "
                    + "call it without /clusters/{cluster}."));
        }
        return chain;
    }

    private static String lookupPath(HttpServletRequest request) {
        return ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().value();
    }

    /** The cluster's controllers, with its own interceptors and the console-wide ones. */
    private RequestMappingHandlerMapping mapping(ConfigurableApplicationContext remote) {
        Interceptors registry = new Interceptors();
        for (WebMvcConfigurer configurer : remote.getBeanFactory().getBeansOfType(WebMvcConfigurer.class).values()) {
            configurer.addInterceptors(registry);
        }
        for (WebMvcConfigurer configurer : root.getBeansOfType(WebMvcConfigurer.class).values()) {
            if (!perCluster(configurer.getClass())) {
                configurer.addInterceptors(registry);
            }
        }
        RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
        mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
        mapping.setInterceptors(registry.all().toArray());
        root.getBeanProvider(ContentNegotiationManager.class).ifAvailable(mapping::setContentNegotiationManager);
        mapping.setApplicationContext(remote);
        mapping.afterPropertiesSet();
        return mapping;
    }

    static boolean perCluster(Class<?> type) {
        String name = type.getName();
        for (String module : ClusterContextFactory.PER_CLUSTER_MODULES) {
            if (name.startsWith(ClusterContextFactory.CONSOLE + "." + module + ".")) {
                return true;
            }
        }
        return false;
    }

    private static final class Interceptors extends InterceptorRegistry {
        List<Object> all() {
            return new ArrayList<>(getInterceptors());
        }
    }

    /** A handler that answers with {@code problem}: a Problem on the API, the error page on pages. */
    private static HandlerExecutionChain failing(HttpServletRequest request, RuntimeException problem) {
        boolean api = request.getRequestURI().startsWith(request.getContextPath() + "/api/");
        Object handler = api ? new FailingApi(problem) : new FailingPage(problem);
        try {
            return new HandlerExecutionChain(new HandlerMethod(handler, handler.getClass().getDeclaredMethod("fail")));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The API's and the pages' exception handlers choose by these annotations; on interfaces, so that component
     * scanning does not take the handlers for beans.
     */
    @RestController
    interface ApiHandler {
    }

    @Controller
    interface PageHandler {
    }

    static final class FailingApi implements ApiHandler {
        private final RuntimeException problem;

        FailingApi(RuntimeException problem) {
            this.problem = problem;
        }

        public void fail() {
            throw problem;
        }
    }

    static final class FailingPage implements PageHandler {
        private final RuntimeException problem;

        FailingPage(RuntimeException problem) {
            this.problem = problem;
        }

        public void fail() {
            throw problem;
        }
    }
}
