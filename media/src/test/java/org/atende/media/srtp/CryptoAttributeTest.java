package org.atende.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CryptoAttributeTest {

    /** RFC 4568 §4's example key (30 bytes). */
    private static final String RFC_KEY = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    @Test
    void parsesTheRfcExampleWithLifetimeAndMki() throws SrtpException {
        CryptoAttribute a = CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|1:4");
        assertThat(a.tag()).isEqualTo(1);
        assertThat(a.suite()).contains(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertThat(a.keySalt()).isEqualTo(Base64.getDecoder().decode(RFC_KEY)).hasSize(30);
        assertThat(a.lifetime()).hasValue(1L << 20);
        assertThat(a.mki()).contains(new CryptoAttribute.Mki(1, 4));
        assertThat(a.sessionParams()).isEmpty();
        assertThat(a.format()).isEqualTo("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|1:4");
    }

    @Test
    void parsesSessionParametersAndExtraWhitespace() throws SrtpException {
        CryptoAttribute a = CryptoAttribute.parse(
                "  42\tAES_CM_128_HMAC_SHA1_32  inline:" + RFC_KEY + "|1:1 UNENCRYPTED_SRTCP WSH=128 ");
        assertThat(a.tag()).isEqualTo(42);
        assertThat(a.suite()).contains(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        assertThat(a.lifetime()).isEmpty();
        assertThat(a.mki()).contains(new CryptoAttribute.Mki(1, 1));
        assertThat(a.sessionParams()).containsExactly("UNENCRYPTED_SRTCP", "WSH=128");
        assertThat(a.format()).isEqualTo("42 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY + "|1:1 UNENCRYPTED_SRTCP WSH=128");
    }

    @Test
    void decimalLifetimeIsKeptAsPacketCount() throws SrtpException {
        CryptoAttribute a = CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|1000");
        assertThat(a.lifetime()).hasValue(1000);
        assertThat(a.format()).endsWith("|1000");
    }

    @Test
    void unsupportedSuiteIsParsedWithoutItsKey() throws SrtpException {
        String aes256 = Base64.getEncoder().encodeToString(new byte[46]);
        CryptoAttribute a = CryptoAttribute.parse("3 AES_256_CM_HMAC_SHA1_80 inline:" + aes256 + "|2^31");
        assertThat(a.tag()).isEqualTo(3);
        assertThat(a.suiteName()).isEqualTo("AES_256_CM_HMAC_SHA1_80");
        assertThat(a.suite()).isEmpty();
        assertThat(a.keySalt()).isNull();
        assertThat(a.lifetime()).hasValue(1L << 31);
        assertThatThrownBy(a::format).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unsupportedSuiteMayCarrySeveralKeys() throws SrtpException {
        CryptoAttribute a = CryptoAttribute.parse(
                "1 F8_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|1:4;inline:" + RFC_KEY + "|2^20|2:4");
        assertThat(a.mki()).contains(new CryptoAttribute.Mki(1, 4));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '#', value = {
        "''                                                                   # tag, a suite and key parameters",
        "1 AES_CM_128_HMAC_SHA1_80                                            # tag, a suite and key parameters",
        "x AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz # tag must be 1 to 9 digits",
        "1234567890 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz # tag must be 1 to 9 digits",
        "1 AES_CM_128_HMAC_SHA1_80 WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz  # key method must be inline:",
        "1 AES_CM_128_HMAC_SHA1_80 uri:http://example.com/key                # key method must be inline:",
        "1 AES_CM_128_HMAC_SHA1_80 inline:                                    # key is empty",
        "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwg*CkgewkyMjA7fQp9CnVubGVz # not valid base64",
        "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9      # key||salt is 24 bytes",
        "1 AES_CM_128_HMAC_SHA1_32 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVzAAAA # key||salt is 33 bytes",
        "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^49 # exceeds 2^48",
        "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^x # exponent",
        "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|0 # lifetime must be 1..2^48",
        "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1:0 # MKI length must be 1..128",
        "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|256:1 # does not fit in 1 bytes",
        "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|a:1 # MKI must be value:length",
        "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1:4|2^20 # lifetime must come once, before the MKI",
        "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4|x # too many",
        "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz;inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz # several keys",
        "1 AES_256_CM_HMAC_SHA1_80 key:abc                                    # key method must be inline:",
    })
    void malformedValuesAreRefusedWithAReason(String value, String reason) {
        assertThatThrownBy(() -> CryptoAttribute.parse(value))
                .isInstanceOf(SrtpException.class)
                .satisfies(e -> assertThat(((SrtpException) e).reason()).contains(reason.strip()));
    }

    @Test
    void reasonsNeverEchoTheKey() {
        String badKey = "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9";
        assertThatThrownBy(() -> CryptoAttribute.parse(badKey))
                .isInstanceOf(SrtpException.class)
                .hasMessageNotContaining("WVNf");
    }

    @Test
    void toStringHidesTheKeyAndArraysAreCopied() throws SrtpException {
        CryptoAttribute a = CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY);
        assertThat(a.toString()).doesNotContain(RFC_KEY).contains("<hidden>");
        a.keySalt()[0] ^= 1;
        assertThat(a.format()).contains(RFC_KEY);
        assertThat(a).isEqualTo(CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY));
    }

    @Property(tries = 300)
    void formatThenParseGivesBackTheSameAttribute(@ForAll("attributes") CryptoAttribute attribute)
            throws SrtpException {
        assertThat(CryptoAttribute.parse(attribute.format())).isEqualTo(attribute);
    }

    @Provide
    Arbitrary<CryptoAttribute> attributes() {
        Arbitrary<Integer> tags = Arbitraries.integers().between(0, CryptoAttribute.MAX_TAG);
        Arbitrary<SrtpSuite> suites = Arbitraries.of(SrtpSuite.class);
        Arbitrary<byte[]> keys = Arbitraries.bytes().array(byte[].class).ofSize(SrtpSuite.KEY_SALT_LENGTH);
        Arbitrary<OptionalLong> lifetimes = Arbitraries.oneOf(
                Arbitraries.just(OptionalLong.empty()),
                Arbitraries.integers().between(0, 48).map(n -> OptionalLong.of(1L << n)),
                Arbitraries.longs().between(1, CryptoAttribute.MAX_LIFETIME).map(OptionalLong::of));
        Arbitrary<Optional<CryptoAttribute.Mki>> mkis = Arbitraries.integers().between(1, 128)
                .flatMap(len -> Arbitraries.longs().between(0, len >= 8 ? Long.MAX_VALUE : (1L << (8 * len)) - 1)
                        .map(v -> new CryptoAttribute.Mki(v, len)))
                .optional();
        Arbitrary<List<String>> params = Arbitraries.of("UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP", "WSH=64", "KDR=20",
                "FEC_ORDER=FEC_SRTP").list().ofMaxSize(3);
        return Combinators.combine(tags, suites, keys, lifetimes, mkis, params)
                .as((t, s, k, l, m, p) -> new CryptoAttribute(t, s.sdpName(), k, l, m, p));
    }
}
