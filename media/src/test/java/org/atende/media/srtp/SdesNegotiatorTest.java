package org.atende.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SdesNegotiatorTest {

    private static final String KEY = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
    private final SecureRandom rnd = new SecureRandom();

    @Test
    void answersTheFirstSupportedLineWithItsTagAndAFreshKey() throws SrtpException {
        List<String> offer = List.of(
                "1 AES_256_CM_HMAC_SHA1_80 inline:" + Base64.getEncoder().encodeToString(new byte[46]),
                "2 AES_CM_128_HMAC_SHA1_32 inline:" + KEY,
                "3 AES_CM_128_HMAC_SHA1_80 inline:" + KEY);
        SdesAnswer answer = SdesNegotiator.answer(offer, rnd).orElseThrow();

        assertThat(answer.tag()).isEqualTo(2);
        assertThat(answer.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        assertThat(answer.remoteKeySalt()).isEqualTo(Base64.getDecoder().decode(KEY));
        assertThat(answer.localKeySalt()).hasSize(30).isNotEqualTo(answer.remoteKeySalt());
        CryptoAttribute ours = CryptoAttribute.parse(answer.attributeValue());
        assertThat(ours.tag()).isEqualTo(2);
        assertThat(ours.suiteName()).isEqualTo("AES_CM_128_HMAC_SHA1_32");
        assertThat(ours.keySalt()).isEqualTo(answer.localKeySalt());
        assertThat(answer.toString()).doesNotContain(Base64.getEncoder().encodeToString(answer.localKeySalt()));
    }

    @Test
    void twoAnswersToTheSameOfferUseDifferentKeys() {
        List<String> offer = List.of("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY);
        SdesAnswer first = SdesNegotiator.answer(offer, rnd).orElseThrow();
        SdesAnswer second = SdesNegotiator.answer(offer, rnd).orElseThrow();
        assertThat(first.localKeySalt()).isNotEqualTo(second.localKeySalt());
    }

    @Test
    void skipsMalformedLinesMkiAndUnsupportedSessionParameters() {
        List<String> offer = List.of(
                "1 AES_CM_128_HMAC_SHA1_80 inline:not*base64",
                "2 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|1:4",
                "3 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " UNENCRYPTED_SRTP",
                "4 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " KDR=20",
                "5 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " WSH=32",
                "6 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^31 WSH=128");
        SdesAnswer answer = SdesNegotiator.answer(offer, rnd).orElseThrow();
        assertThat(answer.tag()).isEqualTo(6);
    }

    @Test
    void refusesAnOfferWithNoUsableLine() {
        List<String> offer = List.of(
                "1 AEAD_AES_256_GCM inline:" + Base64.getEncoder().encodeToString(new byte[44]),
                "2 F8_128_HMAC_SHA1_80 inline:" + KEY,
                "3 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|1:4",
                "garbage");
        assertThat(SdesNegotiator.answer(offer, rnd)).isEmpty();
        assertThat(SdesNegotiator.answer(List.of(), rnd)).isEmpty();
    }

    @Test
    void ourOfferListsBothSuitesWithDistinctFreshKeys() {
        List<CryptoAttribute> offer = SdesNegotiator.offer(rnd);
        assertThat(offer).extracting(CryptoAttribute::tag).containsExactly(1, 2);
        assertThat(offer).extracting(CryptoAttribute::suiteName)
                .containsExactly("AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32");
        assertThat(offer.get(0).keySalt()).isNotEqualTo(offer.get(1).keySalt());
        assertThat(offer).allSatisfy(a -> {
            assertThat(a.lifetime()).isEmpty();
            assertThat(a.mki()).isEmpty();
            assertThat(a.sessionParams()).isEmpty();
        });
    }

    @Test
    void acceptPairsOurOfferedKeyWithTheAnsweredOne() {
        List<CryptoAttribute> offer = SdesNegotiator.offer(rnd);
        String answered = "2 AES_CM_128_HMAC_SHA1_32 inline:" + KEY;
        SdesAnswer agreed = SdesNegotiator.accept(offer, answered).orElseThrow();
        assertThat(agreed.tag()).isEqualTo(2);
        assertThat(agreed.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        assertThat(agreed.localKeySalt()).isEqualTo(offer.get(1).keySalt());
        assertThat(agreed.remoteKeySalt()).isEqualTo(Base64.getDecoder().decode(KEY));
        assertThat(agreed.attributeValue()).isEqualTo(answered);
    }

    @Test
    void acceptRefusesAnswersThatDoNotMatchTheOffer() {
        List<CryptoAttribute> offer = SdesNegotiator.offer(rnd);
        assertThat(SdesNegotiator.accept(offer, "3 AES_CM_128_HMAC_SHA1_80 inline:" + KEY)).as("unknown tag").isEmpty();
        assertThat(SdesNegotiator.accept(offer, "1 AES_CM_128_HMAC_SHA1_32 inline:" + KEY)).as("suite changed")
                .isEmpty();
        assertThat(SdesNegotiator.accept(offer, "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|1:1")).as("MKI")
                .isEmpty();
        assertThat(SdesNegotiator.accept(offer, "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " UNENCRYPTED_SRTP"))
                .as("session parameter").isEmpty();
        assertThat(SdesNegotiator.accept(offer, "1 AES_CM_128_HMAC_SHA1_80 inline:short")).as("malformed").isEmpty();
        String echoedOwnKey = "1 AES_CM_128_HMAC_SHA1_80 inline:"
                + Base64.getEncoder().encodeToString(offer.get(0).keySalt());
        assertThat(SdesNegotiator.accept(offer, echoedOwnKey)).as("our own key sent back").isEmpty();
    }

    @Test
    void offerAnswerAcceptGivesTwoSessionsThatTalkToEachOther() {
        List<CryptoAttribute> offer = SdesNegotiator.offer(rnd);
        SdesAnswer atAnswerer = SdesNegotiator.answer(offer.stream().map(CryptoAttribute::format).toList(), rnd)
                .orElseThrow();
        SdesAnswer atOfferer = SdesNegotiator.accept(offer, atAnswerer.attributeValue()).orElseThrow();
        assertThat(atOfferer.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_80);

        SrtpSession offerer = atOfferer.newSession();
        SrtpSession answerer = atAnswerer.newSession();
        byte[] plain = SrtpSessionTest.rtp(1, 77, new byte[160]);
        ByteBuf packet = Unpooled.buffer().writeBytes(plain);
        try {
            assertThat(offerer.protectRtp(packet)).isTrue();
            assertThat(answerer.unprotectRtp(packet)).isTrue();
            assertThat(ByteBufUtil.getBytes(packet)).isEqualTo(plain);
            assertThat(answerer.protectRtp(packet)).isTrue();
            assertThat(offerer.unprotectRtp(packet)).isTrue();
            assertThat(ByteBufUtil.getBytes(packet)).isEqualTo(plain);
        } finally {
            packet.release();
        }
    }

    @Test
    void usableExplainsNothingButFiltersLikeAnswer() {
        assertThat(SdesNegotiator.usable("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY)).isPresent();
        assertThat(SdesNegotiator.usable("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " FEC_ORDER=FEC_SRTP"))
                .isEqualTo(Optional.empty());
    }
}
