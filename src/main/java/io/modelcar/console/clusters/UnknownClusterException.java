package io.modelcar.console.clusters;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A path or a request named a cluster the console does not manage: 404 {@code cluster-not-found}. */
public class UnknownClusterException extends ErrorResponseException {

    /** The Problem type; the same prefix as every other Problem type of the console (web.ProblemTypes). */
    public static final URI TYPE = URI.create("urn:modelcar-console:problem:cluster-not-found");

    public UnknownClusterException(String cluster) {
        super(HttpStatus.NOT_FOUND, problem(cluster), null);
    }

    private static ProblemDetail problem(String cluster) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "The console manages no cluster named '" + printable(cluster) + "'. GET /api/v1/clusters lists them.");
        problem.setType(TYPE);
        problem.setTitle("Cluster not found");
        problem.setProperty("cluster", printable(cluster));
        return problem;
    }

    private static String printable(String cluster) {
        String value = cluster == null ? "" : cluster;
        value = value.length() > 63 ? value.substring(0, 63) : value;
        return value.replaceAll("[^A-Za-z0-9._-]", "?");
    }
}
