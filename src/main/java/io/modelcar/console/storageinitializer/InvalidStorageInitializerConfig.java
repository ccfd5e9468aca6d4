package io.modelcar.console.storageinitializer;

import java.util.List;
import java.util.Map;

import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/** KServe would reject the value: nothing was written. {@code errors} lists each offending key. */
public class InvalidStorageInitializerConfig extends ProblemException {

    private final List<FieldProblem> errors;

    public InvalidStorageInitializerConfig(List<FieldProblem> errors) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.INVALID_CONFIGURATION, "Invalid storageInitializer",
                "KServe would reject this configuration (and with it every new model pod). Nothing was written.");
        this.errors = List.copyOf(errors);
        with("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
