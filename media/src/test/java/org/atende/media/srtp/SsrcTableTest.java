package org.atende.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SsrcTableTest {

    @Test
    void evictsTheLeastRecentlyUsedWhenFull() {
        SsrcTable<String> table = new SsrcTable<>(3);
        table.put(1, "a");
        table.put(2, "b");
        table.put(3, "c");
        assertThat(table.get(1)).isEqualTo("a"); // 2 is now the least recently used
        table.put(4, "d");
        assertThat(table.get(2)).isNull();
        assertThat(table.get(1)).isEqualTo("a");
        assertThat(table.get(3)).isEqualTo("c");
        assertThat(table.get(4)).isEqualTo("d");
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void negativeSsrcsAreOrdinaryKeys() {
        SsrcTable<String> table = new SsrcTable<>(2);
        table.put(0xCAFEBABE, "x");
        assertThat(table.get(0xCAFEBABE)).isEqualTo("x");
        assertThat(table.get(0)).isNull();
        table.clear();
        assertThat(table.get(0xCAFEBABE)).isNull();
    }
}
