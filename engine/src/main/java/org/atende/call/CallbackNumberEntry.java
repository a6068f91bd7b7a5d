package org.atende.call;

import java.util.Optional;

/**
 * The number a caller keys in the {@link CallbackDialogue}'s TYPING step: {@code #} ends the entry, as does the
 * digit timeout without a key once something was keyed; {@code *} starts it over; other keys than digits are
 * ignored; at most {@value #MAX_DIGITS} digits are kept. An entry ended is checked by
 * {@link CallbackNumbers#typed}. It counts the silences of one visit to the step (up to
 * {@link CallbackDialogue#MAX_SILENCES}) and the invalid numbers of the whole dialogue (up to
 * {@link CallbackDialogue#MAX_WRONG}); the dialogue turns its {@link Result}s into prompts, journey steps and
 * endings. The digits keyed are personal data: they are neither logged nor kept past the entry.
 *
 * <p>On the call's event loop, like the dialogue.
 */
final class CallbackNumberEntry {

    static final int MAX_DIGITS = 15;

    /** What a key or a timeout led to. */
    enum Kind {
        /** The entry goes on: wait for the next key. */
        KEYING,
        /** A valid number was keyed: {@link Result#national}. */
        NUMBER,
        /** The number keyed is not one to call back; ask again. */
        INVALID,
        /** The last invalid number allowed. */
        TOO_MANY_INVALID,
        /** Nothing keyed before the timeout; ask again. */
        SILENT,
        /** The last silence allowed. */
        TOO_SILENT
    }

    /** @param national the number keyed, for {@link Kind#NUMBER}; null otherwise */
    record Result(Kind kind, String national) {
        private static Result of(Kind kind) {
            return new Result(kind, null);
        }
    }

    private final StringBuilder keyed = new StringBuilder();
    private int silences;
    private int invalidNumbers;

    /** A new entry, the caller being asked for the number; {@code arriving}: from another step (silences reset). */
    void begin(boolean arriving) {
        if (arriving) {
            silences = 0;
        }
        keyed.setLength(0);
    }

    Result key(char digit) {
        if (digit == '#') {
            return end();
        }
        if (digit == '*') {
            keyed.setLength(0);
        } else if (digit >= '0' && digit <= '9' && keyed.length() < MAX_DIGITS) {
            keyed.append(digit);
        }
        return Result.of(Kind.KEYING);
    }

    /** The digit timeout fired. */
    Result silence() {
        if (keyed.length() > 0) {
            return end();
        }
        return Result.of(++silences >= CallbackDialogue.MAX_SILENCES ? Kind.TOO_SILENT : Kind.SILENT);
    }

    /** The entry ended (by {@code #} or the timeout). */
    private Result end() {
        Optional<String> number = CallbackNumbers.typed(keyed.toString());
        keyed.setLength(0);
        silences = 0;
        if (number.isPresent()) {
            return new Result(Kind.NUMBER, number.get());
        }
        return Result.of(++invalidNumbers >= CallbackDialogue.MAX_WRONG ? Kind.TOO_MANY_INVALID : Kind.INVALID);
    }
}
