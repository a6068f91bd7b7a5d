package org.atende.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import org.junit.jupiter.api.Test;

/** {@link Sdp#fields} is written by hand; it must split exactly as the regular expression it replaced. */
class SdpFieldsTest {

    @Property(tries = 2000)
    void splitsAsTheRegexDid(@ForAll @Chars({' ', '\t', 'a', '0', '/', '\r'}) @CharRange(from = 'x', to = 'z') String text) {
        String trimmed = text.strip();
        String[] expected = trimmed.isEmpty() ? new String[0] : trimmed.split("[ \t]+");
        assertThat(Sdp.fields(text)).containsExactly(expected);
    }

    @Test
    void fieldsOfAnRtpmapAndAnMLine() {
        assertThat(Sdp.fields("0 PCMU/8000")).containsExactly("0", "PCMU/8000");
        assertThat(Sdp.fields("  audio\t 4000  RTP/AVP 0 8 101 ")).containsExactly("audio", "4000", "RTP/AVP", "0", "8", "101");
        assertThat(Sdp.fields(" \t ")).isEmpty();
        assertThat(Sdp.fields("")).isEmpty();
    }
}
