package io.modelcar.console;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Modelcar Console: a dashboard and REST service for KServe Modelcars.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ModelcarConsoleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ModelcarConsoleApplication.class, args);
    }

    /**
     * The one clock every bean reads time from (caches, history, toggles' expiry, restarts). A test that moves time
     * registers its own {@code clock} singleton before the context refreshes; this one then stands aside.
     */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
