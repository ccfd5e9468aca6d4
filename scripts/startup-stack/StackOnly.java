package stackonly;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The start-up benchmark's "stack" mode (scripts/startup-benchmark.sh): the console's jar and libraries, its
 * application.yml, every auto-configuration they bring (MVC, Security, Actuator, Thymeleaf, springdoc, OAuth2, the
 * Prometheus registry), and none of the console's own beans (this package holds nothing else). Its start-up time is
 * the floor that the console's stack sets on this machine; the console's own is the difference.
 */
@SpringBootApplication
public class StackOnly {

    public static void main(String[] args) {
        SpringApplication.run(StackOnly.class, args);
    }
}
