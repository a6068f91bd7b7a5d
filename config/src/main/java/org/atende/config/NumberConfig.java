package org.atende.config;

import java.util.Objects;

/**
 * A dialled number (DID/DNIS) and where its calls go.
 *
 * @param number     as written in the file ("0800 123 4567")
 * @param normalized national form with digits only ("08001234567")
 * @param extension  the extension that answers it (the only target until the IVR exists)
 */
public record NumberConfig(String number, String normalized, String extension) {

    public NumberConfig {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(normalized, "normalized");
        Objects.requireNonNull(extension, "extension");
    }
}
