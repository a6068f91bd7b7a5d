package org.atende.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.atende.config.flow.Node.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigitRulesTest {

    @Test
    void knownCpfIsValid() {
        assertThat(DigitRules.isCpf("52998224725")).isTrue(); // 529.982.247-25
        assertThat(DigitRules.isValid(new Rule.Cpf(), "52998224725")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"11111111111", "00000000000", "52998224724", "52998224715", "5299822472", "529982247250",
            "5299822472a", ""})
    void cpfWithWrongCheckDigitsSameDigitsOrLengthIsInvalid(String value) {
        assertThat(DigitRules.isCpf(value)).isFalse();
    }

    @Test
    void knownCnpjIsValid() {
        assertThat(DigitRules.isCnpj("11222333000181")).isTrue(); // 11.222.333/0001-81
        assertThat(DigitRules.isValid(new Rule.Cnpj(), "11222333000181")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"11222333000182", "11222333000191", "00000000000000", "1122233300018", "52998224725"})
    void cnpjWithWrongCheckDigitsOrLengthIsInvalid(String value) {
        assertThat(DigitRules.isCnpj(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1133334444", "11987654321", "9932221111", "21912345678"})
    void phoneWithAreaCodeIsValid(String value) {
        assertThat(DigitRules.isValid(new Rule.Phone(), value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1033334444", "0133334444", "987654321", "119876543210", "11*8765432"})
    void phoneWithBadAreaCodeOrLengthIsInvalid(String value) {
        assertThat(DigitRules.isValid(new Rule.Phone(), value)).isFalse();
    }

    @Test
    void digitsRuleRejectsStarAndHash() {
        assertThat(DigitRules.isValid(new Rule.Digits(), "0123")).isTrue();
        assertThat(DigitRules.isValid(new Rule.Digits(), "01*3")).isFalse();
    }

    @Test
    void regexRuleMatchesTheWholeValue() {
        Rule r = new Rule.Regex(Pattern.compile("[0-9]{4}"));
        assertThat(DigitRules.isValid(r, "1234")).isTrue();
        assertThat(DigitRules.isValid(r, "12345")).isFalse();
    }
}
