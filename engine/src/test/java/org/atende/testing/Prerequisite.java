package org.atende.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a test needs from outside the repository (a peer on the PATH, SIPp's pcap files, the RFC 4475 corpus in
 * {@code ../shared}). In CI (the {@code CI} variable is {@code true}) a missing one fails the test: CI must provide
 * it. Elsewhere the test is skipped, counted as skipped in Maven's output, with the reason in its report.
 */
public final class Prerequisite {

    private Prerequisite() {
    }

    public static boolean inCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** Fails (CI) or skips the calling test when {@code present} is false; {@code what} says what is missing. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (inCi()) {
            fail(what + "; .ci/run must provide it");
        }
        assumeTrue(false, what + "; skipping (in CI this fails)");
    }
}
