package org.atende.config;

import java.util.List;
import java.util.Objects;

/**
 * A dialled number (DID/DNIS) and where its calls go: an extension, or a built-in application.
 *
 * @param number as written in the file
 * @param normalized national form used for matching
 * @param extension the extension that rings, or null when {@code application} is set
 * @param application a built-in application instead of an extension: {@code echo} (the caller hears
 *        themselves: a test target for installers), or null
 * @param flow the IVR flow (under {@code flows:}) the caller enters, or null
 * @param record record every call to this number
 * @param survey the post-call survey for calls to this number (with a flow only); it takes the place of the
 *        flow's, and a queue's survey takes the place of this one
 */
public record NumberConfig(String number, String normalized, String extension, String application, String flow,
        boolean record, java.util.Optional<org.atende.config.flow.Survey> survey) {

    /** The built-in applications a number may lead to. */
    public static final List<String> APPLICATIONS = List.of("echo");

    public NumberConfig {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(normalized, "normalized");
        int targets = (extension == null ? 0 : 1) + (application == null ? 0 : 1) + (flow == null ? 0 : 1);
        if (targets != 1) {
            throw new IllegalArgumentException("a number leads to exactly one of an extension, an application or a flow");
        }
        if (application != null && !APPLICATIONS.contains(application)) {
            throw new IllegalArgumentException("unknown application " + application);
        }
        if (survey == null) {
            survey = java.util.Optional.empty();
        }
        if (survey.isPresent() && flow == null) {
            throw new IllegalArgumentException("a survey needs a flow");
        }
    }

    public NumberConfig(String number, String normalized, String extension, String application, String flow,
                        boolean record) {
        this(number, normalized, extension, application, flow, record, java.util.Optional.empty());
    }

    public NumberConfig(String number, String normalized, String extension) {
        this(number, normalized, extension, null, null, false);
    }

    public NumberConfig(String number, String normalized, String extension, String application, boolean record) {
        this(number, normalized, extension, application, null, record);
    }
}
