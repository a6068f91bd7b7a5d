package org.atende.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TemplatesTest {

    private static final Map<String, String> VARS = Map.of("caller", "+5511999990000", "dialled", "08001234567",
            "cpf", "529 98&x=1", "nome", "João \"Zé\"");

    @Test
    void urlValuesArePercentEncoded() {
        assertThat(Templates.resolveUrl("https://crm/c?ani={caller}&d={dialled}&cpf={var.cpf}", VARS))
                .isEqualTo("https://crm/c?ani=%2B5511999990000&d=08001234567&cpf=529%2098%26x%3D1");
    }

    @Test
    void missingVariableIsEmptyAndUnknownPlaceholderStays() {
        assertThat(Templates.resolve("{var.none}-{other}-{caller", VARS)).isEqualTo("-{other}-{caller");
    }

    @Test
    void plainAndJsonSubstitution() {
        assertThat(Templates.resolve("{var.nome} ligou de {caller}", VARS)).isEqualTo("João \"Zé\" ligou de +5511999990000");
        assertThat(Templates.resolveJson("{\"nome\":\"{var.nome}\"}", VARS)).isEqualTo("{\"nome\":\"João \\\"Zé\\\"\"}");
    }
}
