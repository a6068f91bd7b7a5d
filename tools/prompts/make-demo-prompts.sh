#!/usr/bin/env bash
# Regenerates Atende's Brazilian Portuguese demo IVR prompts (issue 4).
#
# Voice: espeak-ng 1.51, voice "pt-br" (the built-in formant voice, no MBROLA), speed 160 words/min
# (-s 160, a little under the default 175 so digits and menu options are easy to follow over a phone
# line), pitch 50 (-p 50, the default), amplitude 100 (-a 100; the level is normalised afterwards anyway).
#
# Each text goes through sox (no dither, -D, so a rerun gives identical bytes):
#   espeak-ng (22050 Hz) -> trim leading and trailing silence below -45 dBFS -> 100 ms of silence
#   at each end -> resample to 8000 Hz (sox's band-limited "rate", high quality) -> peak normalised to
#   -3 dBFS -> 8000 Hz mono 16-bit PCM WAV with the canonical 44-byte header (RIFF, 'fmt ' 16 bytes, 'data').
#
# Output: media/src/main/resources/org/atende/prompts/pt-BR/*.wav and digitos/0.wav .. 9.wav.
# Needs: espeak-ng, sox (apt-get install -y espeak-ng sox).
# Usage: tools/prompts/make-demo-prompts.sh   (from anywhere; paths are relative to the repository)
set -euo pipefail

VOICE=pt-br
SPEED=160
PITCH=50
AMPLITUDE=100
SILENCE_THRESHOLD=-45d   # below this is trimmed as silence
EDGE_SILENCE=0.1         # seconds of silence kept at each end
PEAK_DBFS=-3

for tool in espeak-ng sox; do
    command -v "$tool" >/dev/null || { echo "$0: $tool not found (apt-get install -y espeak-ng sox)" >&2; exit 1; }
done

repo=$(cd "$(dirname "$0")/../.." && pwd)
out="$repo/media/src/main/resources/org/atende/prompts/pt-BR"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out/digitos"

# make NAME TEXT: writes $out/NAME.wav
make() {
    local name=$1 text=$2 target="$out/$1.wav"
    espeak-ng -v "$VOICE" -s "$SPEED" -p "$PITCH" -a "$AMPLITUDE" -w "$work/raw.wav" -- "$text"
    sox -D -V1 "$work/raw.wav" -r 8000 -c 1 -b 16 -e signed-integer "$target" \
        silence 1 0.01 "$SILENCE_THRESHOLD" reverse silence 1 0.01 "$SILENCE_THRESHOLD" reverse \
        pad "$EDGE_SILENCE" "$EDGE_SILENCE" \
        rate -h 8000 \
        gain -n "$PEAK_DBFS"
    # Atende's loader accepts extra chunks, but the shipped files are kept canonical: 'data' at byte 36.
    if [[ $(head -c 40 "$target" | tail -c 4) != data ]]; then
        echo "$0: $target has no canonical 44-byte header" >&2
        exit 1
    fi
    printf '%-28s %6.2f s  %s\n' "${target#"$out"/}" "$(soxi -D "$target")" "$text"
}

make bem-vindo        "Bem-vindo à central de atendimento Atende."
make gravacao         "Esta ligação poderá ser gravada para garantir a qualidade do atendimento."
make menu-principal   "Para suporte técnico, tecle 1. Financeiro, tecle 2. Vendas, tecle 3. Para falar com um atendente, tecle 0."
make opcao-invalida   "Opção inválida."
make nao-entendi      "Não recebemos sua opção."
make transferindo     "Aguarde, estamos transferindo sua ligação."
make fora-do-horario  "Nosso horário de atendimento é de segunda a sexta, das oito às dezoito horas."
make obrigado         "Obrigado por ligar. Até logo."
make digite-cpf       "Digite seu CPF, seguido da tecla sustenido."
make voce-digitou     "Você digitou"
make confirmar        "Tecle 1 para confirmar, ou 2 para digitar novamente."
make csat             "De 1 a 5, qual é a sua satisfação com o atendimento?"
make aguarde          "Todos os nossos atendentes estão ocupados. Por favor, aguarde: sua ligação será atendida em breve."
make posicao-na-fila  "Sua posição na fila é"
make nps              "De 0 a 10, o quanto você recomendaria a nossa empresa a um amigo? Para 10, tecle asterisco."

digits=(zero um dois três quatro cinco seis sete oito nove)
for d in "${!digits[@]}"; do
    make "digitos/$d" "${digits[$d]}"
done

du -cb "$out"/*.wav "$out"/digitos/*.wav | tail -1 | awk '{ printf "total %d bytes\n", $1 }'
