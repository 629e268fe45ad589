package org.dunning.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.dunning.platform.domain.ValidationFailed;

import java.util.List;

/** An RFC 9457 problem detail. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<ValidationFailed.Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail, String instance) {
        return new Problem("about:blank", title, status, detail, instance, null);
    }
}
