package org.atende.media.player;

import java.io.IOException;

/**
 * A WAV file Atende cannot play: malformed, truncated, or in an unsupported format. The message names
 * the file and what is wrong. An {@link IOException} so that callers reading from disk handle one type.
 */
public final class WavFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public WavFormatException(String message) {
        super(message);
    }

    public WavFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
