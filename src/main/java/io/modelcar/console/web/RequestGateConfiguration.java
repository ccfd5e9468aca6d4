package io.modelcar.console.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.WebUtils;

/**
 * Puts every request behind a {@link ParameterGate}: one filter in front of everything (after the character
 * encoding) wraps it, one right behind the security filters releases its multipart body (the caller is authenticated
 * and authorised by then), and an interceptor answers undecodable parameters with a 400 Problem (a page on the
 * browser's routes) with every security header.
 */
@Configuration(proxyBeanMethods = false)
class RequestGateConfiguration implements WebMvcConfigurer {

    static final java.net.URI MALFORMED_PARAMETERS = ProblemTypes.of("malformed-parameters");

    /** In front of everything but the character encoding: wraps the request. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> parameterGateFilter() {
        return registration("parameterGate", Ordered.HIGHEST_PRECEDENCE + 1,
                (request, response, chain) -> chain.doFilter(ParameterGate.of(request), response));
    }

    /** Right behind Spring Security: the caller is authenticated and authorised, the body may be read. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> parameterGateRelease() {
        return registration("parameterGateRelease", SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1,
                (request, response, chain) -> {
                    ParameterGate gate = WebUtils.getNativeRequest(request, ParameterGate.class);
                    if (gate != null) {
                        gate.release();
                    }
                    chain.doFilter(request, response);
                });
    }

    /**
     * Behind Spring Security and the gate's release (only authenticated callers' bodies are looked at): a JSON body
     * over {@code console.web.max-json-body-bytes} is refused with a 413 ({@link JsonBodies}).
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> jsonBodyLimit(
            @Value("${console.web.max-json-body-bytes:1048576}") long limit) {
        return registration("jsonBodyLimit", SecurityFilterProperties.DEFAULT_FILTER_ORDER + 2,
                (request, response, chain) -> {
                    if (!JsonBodies.isJson(request)) {
                        chain.doFilter(request, response);
                    } else if (request.getContentLengthLong() > limit) {
                        JsonBodies.refuse(response, limit);
                    } else {
                        chain.doFilter(JsonBodies.limited(request, limit), response);
                    }
                });
    }

    private interface Step {
        void apply(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException;
    }

    private static FilterRegistrationBean<OncePerRequestFilter> registration(String name, int order, Step step) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                step.apply(request, response, chain);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName(name);
        registration.setOrder(order);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                ParameterGate gate = WebUtils.getNativeRequest(request, ParameterGate.class);
                if (gate != null && gate.malformed() != 0 && handler instanceof HandlerMethod) {
                    throw new ProblemException(HttpStatus.valueOf(gate.malformed()), MALFORMED_PARAMETERS,
                            "Malformed request parameters", "The query string or form is not valid percent-encoded "
                                    + "UTF-8 (or too large). Nothing was read and nothing was changed.");
                }
                return true;
            }
        }).order(Ordered.HIGHEST_PRECEDENCE);
    }
}
