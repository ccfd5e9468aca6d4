package io.modelcar.console.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.MultipartConfigElement;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Beans of the images feature, and the console's multipart limits: uploads are streamed by the servlet container
 * to files in the work directory (nothing is held in memory) and refused with 413 as soon as they pass
 * {@code console.images.max-upload-size}.
 */
@Configuration(proxyBeanMethods = false)
class ImagesConfiguration {

    @Bean
    RegistryApi registryApi(JsonMapper json, ImagesProperties properties) {
        return new RegistryApi(json, RegistryPolicy.of(properties), properties.registryTimeout(),
                properties.registryMaxConcurrentRequests());
    }

    /**
     * Parses multipart requests when the controller asks for the parts, not before: a too-large upload then fails
     * inside the handler and becomes a 413 Problem of the API's own kind.
     */
    @Bean(name = DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    StandardServletMultipartResolver multipartResolver() {
        StandardServletMultipartResolver resolver = new StandardServletMultipartResolver();
        resolver.setResolveLazily(true);
        return resolver;
    }

    @Bean
    MultipartConfigElement multipartConfigElement(ImagesProperties properties) throws IOException {
        Path uploads = Files.createDirectories(properties.effectiveWorkDir().resolve("multipart"));
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setLocation(uploads.toString());
        factory.setMaxFileSize(properties.maxUploadSize());
        factory.setMaxRequestSize(properties.maxUploadSize());
        factory.setFileSizeThreshold(org.springframework.util.unit.DataSize.ofBytes(0));
        return factory.createMultipartConfig();
    }
}
