package io.modelcar.console.testsupport;

import java.util.Arrays;
import java.util.Map;

import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.TypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Matches the controller advices meant for pages ({@code @ControllerAdvice(annotations = Controller.class)}: layout,
 * banners). An API {@code @WebMvcTest} slice excludes them, so that it does not need the beans they use:
 * {@code @WebMvcTest(controllers = ..., excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM,
 * classes = PageAdvice.class))}.
 */
public class PageAdvice implements TypeFilter {

    @Override
    public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
        AnnotationMetadata metadata = reader.getAnnotationMetadata();
        if (!metadata.hasAnnotation(ControllerAdvice.class.getName())) {
            return false;
        }
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ControllerAdvice.class.getName(), true);
        Object annotations = attributes == null ? null : attributes.get("annotations");
        return annotations instanceof String[] names
                && Arrays.asList(names).contains(Controller.class.getName());
    }
}
