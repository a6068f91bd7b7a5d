package org.atende.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import gov.nist.javax.sip.message.SIPMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/** The parser returns an outcome for any input, in bounded time, and never throws. */
class SipParserProperties {

    private static final Duration BOUND = Duration.ofSeconds(2);
    private final SipParser parser = new SipParser(16_384);

    /** Skips a property when the RFC 4475 corpus is not next to the project. */
    static final class RequiresRfc4475Corpus implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return Rfc4475Corpus.folder().isPresent()
                    ? SkipResult.doNotSkip()
                    : SkipResult.skip(Rfc4475Corpus.missingMessage());
        }
    }

    @Property(tries = 600)
    @AddLifecycleHook(RequiresRfc4475Corpus.class)
    void mutatedTortureMessagesNeverBreakTheParser(@ForAll("mutatedTortureMessages") byte[] data) {
        verifyOutcome(data);
    }

    @Property(tries = 400)
    void arbitraryBytesNeverBreakTheParser(@ForAll @Size(max = 2_000) byte[] data) {
        verifyOutcome(data);
    }

    @Property(tries = 400)
    void sipShapedNoiseNeverBreaksTheParser(@ForAll("sipShapedNoise") String text) {
        verifyOutcome(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whatever the input: an outcome within the bound; a malformed one has an ASCII reason, and its
     * error response (if any) parses as a response that is never itself answered; a parsed one encodes.
     */
    private void verifyOutcome(byte[] data) {
        ParseOutcome outcome = assertTimeoutPreemptively(BOUND, () -> parser.parse(data, 0, data.length));
        assertThat(outcome).isNotNull();
        if (outcome instanceof MalformedSipMessage malformed) {
            assertThat(malformed.reason()).isNotBlank().matches("\\p{ASCII}+");
            Optional<byte[]> response = malformed.errorResponse("Atende");
            assertThat(response.isPresent()).isEqualTo(malformed.request() && malformed.answerable());
            response.ifPresent(bytes -> {
                assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("SIP/2.0 ").endsWith("\r\n\r\n");
                ParseOutcome answer = assertTimeoutPreemptively(BOUND, () -> parser.parse(bytes));
                if (answer instanceof ParseOutcome.Parsed parsed) {
                    assertThat(parsed.isRequest()).isFalse();
                } else {
                    assertThat(((MalformedSipMessage) answer).errorResponse("Atende")).isEmpty();
                }
            });
        } else {
            SIPMessage message = ((ParseOutcome.Parsed) outcome).message();
            assertThat(SipMessages.encode(message)).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedTortureMessages() {
        Path folder = Rfc4475Corpus.folder().orElseThrow();
        List<byte[]> corpus = Rfc4475Corpus.files(folder).stream().map(Rfc4475Corpus::read).toList();
        Arbitrary<Mutation> mutation = Combinators.combine(
                        Arbitraries.of(Kind.values()),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.bytes())
                .as(Mutation::new);
        return Combinators.combine(Arbitraries.of(corpus), mutation.list().ofMinSize(1).ofMaxSize(4))
                .as((message, mutations) -> {
                    byte[] result = message;
                    for (Mutation m : mutations) {
                        result = m.apply(result);
                    }
                    return result;
                });
    }

    @Provide
    Arbitrary<String> sipShapedNoise() {
        Arbitrary<String> startLine = Arbitraries.of(
                "INVITE sip:a@example.com SIP/2.0", "SIP/2.0 200 OK", "OPTIONS sip:x SIP/2.0", "REGISTER sips:h SIP/2.0", "");
        Arbitrary<String> name = Arbitraries.of("Via", "v", "From", "f", "To", "t", "Call-ID", "i", "CSeq", "Contact",
                "m", "Content-Length", "l", "Max-Forwards", "Expires", "Date", "Route", "Accept", "Require", "X-Y");
        Arbitrary<String> value = Arbitraries.strings()
                .withChars("abcSIP/2.0UDP sip:@;,<>\"\\=%?*1234567890 \t\r\n")
                .withCharRange('\u0000', '\u001f')
                .ofMaxLength(60);
        Arbitrary<String> header = Combinators.combine(name, value).as((n, v) -> n + ": " + v);
        return Combinators.combine(startLine, header.list().ofMaxSize(12), Arbitraries.strings().ofMaxLength(40))
                .as((start, headers, body) -> start + "\r\n" + String.join("\r\n", headers) + "\r\n\r\n" + body);
    }

    enum Kind { FLIP, INSERT, DELETE, TRUNCATE, DUPLICATE_LINE }

    /** One edit at a relative position, so that it applies to a message of any length. */
    record Mutation(Kind kind, double position, byte value) {

        byte[] apply(byte[] in) {
            int at = (int) Math.min(in.length, Math.floor(position * (in.length + 1)));
            return switch (kind) {
                case FLIP -> {
                    byte[] out = in.clone();
                    if (at < out.length) {
                        out[at] ^= value == 0 ? 1 : value;
                    }
                    yield out;
                }
                case INSERT -> {
                    byte[] out = new byte[in.length + 1];
                    System.arraycopy(in, 0, out, 0, at);
                    out[at] = value;
                    System.arraycopy(in, at, out, at + 1, in.length - at);
                    yield out;
                }
                case DELETE -> {
                    if (at >= in.length) {
                        yield in;
                    }
                    byte[] out = new byte[in.length - 1];
                    System.arraycopy(in, 0, out, 0, at);
                    System.arraycopy(in, at + 1, out, at, in.length - at - 1);
                    yield out;
                }
                case TRUNCATE -> Arrays.copyOf(in, at);
                case DUPLICATE_LINE -> duplicateLine(in, at);
            };
        }

        private static byte[] duplicateLine(byte[] in, int at) {
            int start = at;
            while (start > 0 && in[start - 1] != '\n') {
                start--;
            }
            int end = at;
            while (end < in.length && in[end] != '\n') {
                end++;
            }
            end = Math.min(in.length, end + 1);
            byte[] out = new byte[in.length + (end - start)];
            System.arraycopy(in, 0, out, 0, end);
            System.arraycopy(in, start, out, end, in.length - start);
            return out;
        }
    }
}
