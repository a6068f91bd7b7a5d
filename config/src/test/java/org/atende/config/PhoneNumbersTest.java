package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {"0800 123 4567", "08001234567", "+558001234567", "558001234567", "+55 (800) 123-4567",
        "0055 800 123 4567", "0800.123.4567"})
    void everyWrittenFormOfTheTollFreeNumberIsTheNationalForm(String written) {
        assertThat(PhoneNumbers.normalize(written, "55")).isEqualTo("08001234567");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 800 555 0100", "+351 21 123 4567"})
    void foreignNumbersKeepTheirPlus(String written) {
        assertThat(PhoneNumbers.normalize(written, "55")).startsWith("+").doesNotContain(" ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "1001@host", "sip:1001"})
    void nonNumbersAreComparedVerbatim(String written) {
        assertThat(PhoneNumbers.normalize(written, "55")).isEqualTo(written);
    }

    @Property(tries = 500)
    void normalizeIsIdempotent(@ForAll("dialled") String dialled, @ForAll("countryCodes") String cc) {
        String once = PhoneNumbers.normalize(dialled, cc);
        assertThat(PhoneNumbers.normalize(once, cc)).isEqualTo(once);
    }

    @Provide
    Arbitrary<String> dialled() {
        Arbitrary<String> phoneLike = Arbitraries.strings().withChars("0123456789 +-.()").ofMaxLength(20);
        Arbitrary<String> international = Arbitraries.strings().numeric().ofMinLength(8).ofMaxLength(12)
                .map(d -> "+55 " + d);
        return Arbitraries.oneOf(phoneLike, international, Arbitraries.strings().ofMaxLength(12));
    }

    @Provide
    Arbitrary<String> countryCodes() {
        return Arbitraries.of("55", "1", "44", "351");
    }
}
