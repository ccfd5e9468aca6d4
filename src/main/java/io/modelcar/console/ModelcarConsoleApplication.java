package io.modelcar.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
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
}
