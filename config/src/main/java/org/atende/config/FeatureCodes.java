package org.atende.config;

import java.util.List;
import java.util.Objects;

/**
 * The codes an agent dials from their phone ({@code features:}): log in, log out, pause (optionally followed by a
 * reason code: {@code *472}), unpause. Each is a star followed by digits.
 */
public record FeatureCodes(String login, String logout, String pause, String unpause) {

    public static final FeatureCodes DEFAULTS = new FeatureCodes("*45", "*46", "*47", "*48");

    public FeatureCodes {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(logout, "logout");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(unpause, "unpause");
    }

    public List<String> all() {
        return List.of(login, logout, pause, unpause);
    }
}
