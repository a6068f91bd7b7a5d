package org.atende.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The numbers a callback can dial, in every form a caller's From user or keyed digits take. */
class CallbackNumbersTest {

    @Test
    void aMobileCallerIsRecognisedInEveryWrittenForm() {
        for (String from : List.of("+5511987654321", "5511987654321", "005511987654321", "011987654321",
                "11987654321", "01511987654321", "+55 (11) 98765-4321", "+55011987654321",
                "+5511987654321;npdi")) {
            assertThat(CallbackNumbers.ofCaller(from, "55")).as(from).contains("11987654321");
        }
    }

    @Test
    void aLandlineCallerIsRecognised() {
        assertThat(CallbackNumbers.ofCaller("+551132221234", "55")).contains("1132221234");
        assertThat(CallbackNumbers.ofCaller("01132221234", "55")).contains("1132221234");
        assertThat(CallbackNumbers.ofCaller("0211132221234", "55")).contains("1132221234");
        assertThat(CallbackNumbers.ofCaller("5132221234", "55")).as("DDD 51").contains("5132221234");
    }

    @Test
    void aNumberWhoseDddIs55IsNotMistakenForTheCountryCode() {
        assertThat(CallbackNumbers.ofCaller("55987654321", "55")).contains("55987654321");
        assertThat(CallbackNumbers.ofCaller("5532221234", "55")).contains("5532221234");
        assertThat(CallbackNumbers.ofCaller("+5555987654321", "55")).contains("55987654321");
    }

    @Test
    void callersACallbackCannotDialAreRefused() {
        for (String from : List.of("anonymous", "Anonymous", "", "1001", "190", "987654321", "32221234",
                "08001234567", "+5508001234567", "03001234567", "05001234567", "09001234567", "0800123456",
                "+14155550100", "+351912345678", "0014155550100", "1187654321" /* landline starting with 8 */,
                "11887654321" /* 11 digits, not a mobile */, "1032221234" /* DDD 10 */, "0132221234" /* DDD 01 */,
                "2032221234" /* DDD 20 */, "1162221234" /* landline starting with 6 */, "119876543210",
                "abc", "sip:1001", "+")) {
            assertThat(CallbackNumbers.ofCaller(from, "55")).as(from).isEmpty();
        }
        assertThat(CallbackNumbers.ofCaller(null, "55")).isEmpty();
    }

    @Test
    void withAnotherCountryCodeOnlyBrazilianInternationalFormsAreRecognised() {
        assertThat(CallbackNumbers.ofCaller("+5511987654321", "1")).contains("11987654321");
        assertThat(CallbackNumbers.ofCaller("+14155550100", "1")).isEmpty();
        assertThat(CallbackNumbers.ofCaller("14155550100", "1")).isEmpty();
    }

    @Test
    void keyedNumbersToleratePrefixAndCarrierCode() {
        assertThat(CallbackNumbers.typed("11987654321")).contains("11987654321");
        assertThat(CallbackNumbers.typed("011987654321")).contains("11987654321");
        assertThat(CallbackNumbers.typed("04111987654321")).contains("11987654321");
        assertThat(CallbackNumbers.typed("2132221234")).contains("2132221234");
        assertThat(CallbackNumbers.typed("02132221234")).contains("2132221234");
        assertThat(CallbackNumbers.typed("0212132221234")).contains("2132221234");
    }

    @Test
    void keyedNumbersACallbackCannotDialAreRefused() {
        for (String keyed : List.of("", "0", "987654321", "32221234", "08001234567", "5511987654321",
                "1187654321", "11887654321", "0011987654321", "1198765432*", "11 98765 4321", "119876543210")) {
            assertThat(CallbackNumbers.typed(keyed)).as(keyed).isEmpty();
        }
        assertThat(CallbackNumbers.typed(null)).isEmpty();
    }

    @Test
    void e164PrefixesTheCountryCodeAndLogsShowOnlyTheLastFourDigits() {
        assertThat(CallbackNumbers.e164("11987654321")).isEqualTo("+5511987654321");
        assertThat(CallbackNumbers.masked("11987654321")).isEqualTo("…4321").doesNotContain("1198765");
        assertThat(CallbackNumbers.masked("123")).isEqualTo("…");
    }

    @Property(tries = 500)
    void everyValidNumberSurvivesEveryWrittenForm(@ForAll("valid") String national, @ForAll("carriers") String carrier) {
        for (String from : List.of(national, "0" + national, "0" + carrier + national, "55" + national,
                "+55" + national, "0055" + national, CallbackNumbers.e164(national),
                "+55 (" + national.substring(0, 2) + ") " + national.substring(2, national.length() - 4) + "-"
                        + national.substring(national.length() - 4))) {
            assertThat(CallbackNumbers.ofCaller(from, "55")).as(from).contains(national);
        }
        for (String keyed : List.of(national, "0" + national, "0" + carrier + national)) {
            assertThat(CallbackNumbers.typed(keyed)).as(keyed).contains(national);
        }
    }

    @Property(tries = 500)
    void e164RoundTripsThroughTheCallersForm(@ForAll("valid") String national) {
        String e164 = CallbackNumbers.e164(national);

        assertThat(CallbackNumbers.ofCaller(e164, "55").map(CallbackNumbers::e164)).contains(e164);
        assertThat(CallbackNumbers.typed(CallbackNumbers.ofCaller(e164, "55").orElseThrow())).contains(national);
    }

    @Property(tries = 1000)
    void whateverIsKeyedIsEitherRefusedOrAValidNationalNumber(@ForAll("keyed") String keyed) {
        CallbackNumbers.typed(keyed).ifPresent(n -> {
            assertThat(CallbackNumbers.valid(n)).isTrue();
            assertThat(keyed).endsWith(n);
        });
        CallbackNumbers.ofCaller(keyed, "55").ifPresent(n -> assertThat(CallbackNumbers.valid(n)).isTrue());
    }

    @Provide
    Arbitrary<String> valid() {
        Arbitrary<String> ddd = Combinators.combine(Arbitraries.integers().between(1, 9),
                Arbitraries.integers().between(1, 9)).as((a, b) -> "" + a + b);
        Arbitrary<String> mobile = Arbitraries.strings().numeric().ofLength(8).map(s -> "9" + s);
        Arbitrary<String> landline = Combinators.combine(Arbitraries.integers().between(2, 5),
                Arbitraries.strings().numeric().ofLength(7)).as((first, rest) -> first + rest);
        return Combinators.combine(ddd, Arbitraries.oneOf(mobile, landline)).as(String::concat);
    }

    @Provide
    Arbitrary<String> carriers() {
        return Arbitraries.integers().between(10, 99).map(String::valueOf);
    }

    @Provide
    Arbitrary<String> keyed() {
        return Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(16);
    }
}
