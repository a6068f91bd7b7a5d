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
 * @param record record every call to this number
 */
public record NumberConfig(String number, String normalized, String extension, String application, boolean record) {

    /** The built-in applications a number may lead to. */
    public static final List<String> APPLICATIONS = List.of("echo");

    public NumberConfig {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(normalized, "normalized");
        if ((extension == null) == (application == null)) {
            throw new IllegalArgumentException("a number leads to an extension or an application, not both or neither");
        }
        if (application != null && !APPLICATIONS.contains(application)) {
            throw new IllegalArgumentException("unknown application " + application);
        }
    }

    public NumberConfig(String number, String normalized, String extension) {
        this(number, normalized, extension, null, false);
    }
}
