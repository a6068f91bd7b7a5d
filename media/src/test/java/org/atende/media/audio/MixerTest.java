package org.atende.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MixerTest {

    @Test
    void sumsThatLeaveTheRangeSaturateInsteadOfWrapping() {
        short[] a = {30000, -30000, 100, Short.MAX_VALUE, Short.MIN_VALUE, 0};
        short[] b = {10000, -10000, -300, Short.MAX_VALUE, Short.MIN_VALUE, Short.MIN_VALUE};
        short[] out = new short[6];

        Mixer.mix(a, b, out, 6);

        assertThat(out).containsExactly(Short.MAX_VALUE, Short.MIN_VALUE, (short) -200, Short.MAX_VALUE,
                Short.MIN_VALUE, Short.MIN_VALUE);
    }

    @Test
    void mixesInPlaceAndOnlyTheFirstNSamples() {
        short[] a = {1, 2, 3, 4};
        short[] b = {10, 20, 30, 40};
        Mixer.mix(a, b, a, 3);
        assertThat(a).containsExactly(11, 22, 33, 4);
    }

    @Test
    void aCountBeyondAnArrayWritesNothing() {
        short[] out = new short[4];
        assertThatThrownBy(() -> Mixer.mix(new short[4], new short[3], out, 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Mixer.mix(new short[4], new short[4], out, -1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(out).containsOnly((short) 0);
    }

    @Property
    void mixIsTheClippedSum(@ForAll short a, @ForAll short b) {
        short[] out = new short[1];
        Mixer.mix(new short[] {a}, new short[] {b}, out, 1);
        assertThat((int) out[0]).isEqualTo(Math.max(-32768, Math.min(32767, a + b)));
    }
}
