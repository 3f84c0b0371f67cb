#!/usr/bin/env bash
# Reproduces the bundled font subset in fonts/ (compiled into the binary by
# src/sheets/fonts.rs). Run from anywhere; needs npm, python3 (with venv) and the npm
# and PyPI registries. Output is byte-identical for the same inputs because the
# source package and fonttools are pinned and fonttools writes no timestamps
# we keep (head.modified is pinned below).
#
#   scripts/subset-font.sh            # writes fonts/NotoSansSC-Subset-{Regular,Bold}.ttf
#
# Source: Noto Sans SC (SIL OFL 1.1, Adobe/Google), the static TrueType
# instances shipped in the npm package @expo-google-fonts/noto-sans-sc.
# (Google's own download is a variable font or woff2; Typst does not load
# woff2, and static instances keep the build simple.)
#
# Character set: GB2312 (6763 hanzi + its symbols), ASCII, Latin-1, and the
# punctuation/symbol blocks a disclosure notice uses (— “” 《》 〔〕 ①…⑳ ㈠…㈩
# ℃ № ¥ ※ …). Characters outside it (rare name characters such as 堃 玥 珺)
# come from system fonts or --font-dir; src/sheets/coverage.rs checks the data first and
# reports anything that no loaded font covers.
set -euo pipefail

PKG="@expo-google-fonts/noto-sans-sc"
PKG_VERSION="0.4.3"
PKG_SHA256="0d69d0f4971d2ff574e3d93cbc218dc950bf3f3f8f8e2c008d97687ed53aee59"
FONTTOOLS_VERSION="4.68.0"
# Family name of the subset. Distinct from "Noto Sans SC" so that a full Noto
# Sans SC installed on the system is never confused with the subset by Typst's
# family selection (both would have the same family and variant).
FAMILY="Noto Sans SC Subset"

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/fonts"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "$PKG@$PKG_VERSION" >/dev/null
tgz="expo-google-fonts-noto-sans-sc-$PKG_VERSION.tgz"
echo "$PKG_SHA256  $tgz" | sha256sum -c --quiet
tar xzf "$tgz"

python3 -m venv venv
./venv/bin/pip install --quiet "fonttools==$FONTTOOLS_VERSION"

# The character list: every character GB2312 can encode, plus fixed ranges.
./venv/bin/python - <<'PY' >unicodes.txt
cps = set()
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            cps.add(ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
ranges = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement: · × ÷ ¥ °
    (0x2000, 0x206F),  # general punctuation: — ‘’ “” … ‰ ※
    (0x2100, 0x214F),  # letterlike: ℃ № ™
    (0x2150, 0x218F),  # number forms: Ⅰ…Ⅻ
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics: ①…⑳
    (0x25A0, 0x25FF),  # geometric shapes: ■□▲●○◆◇
    (0x2600, 0x26FF),  # misc symbols: ★☆
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〈〉《》「」〔〕
    (0x3200, 0x32FF),  # enclosed CJK: ㈠…㈩
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms: ，：；（）￥
]
for a, b in ranges:
    cps.update(range(a, b + 1))
print("\n".join(f"U+{c:04X}" for c in sorted(cps)))
PY

mkdir -p "$out"
for style in Regular:400Regular Bold:700Bold; do
    name="${style%%:*}"
    dir="${style##*:}"
    ./venv/bin/pyftsubset "package/$dir/NotoSansSC_$dir.ttf" \
        --unicodes-file=unicodes.txt \
        --layout-features='*' \
        --name-IDs='*' --name-languages='*' \
        --no-hinting \
        --output-file="subset-$name.ttf"
    # Rename the family and pin head.modified so reruns give the same bytes.
    ./venv/bin/python - "subset-$name.ttf" "$out/NotoSansSC-Subset-$name.ttf" "$FAMILY" "$name" <<'PY'
import sys
from fontTools.ttLib import TTFont
src, dst, family, style = sys.argv[1:]
f = TTFont(src, recalcTimestamp=False)
ps = family.replace(" ", "") + "-" + style
for rec in f["name"].names:
    if rec.nameID in (1, 16):
        rec.string = family
    elif rec.nameID == 4:
        rec.string = f"{family} {style}" if style != "Regular" else family
    elif rec.nameID == 6:
        rec.string = ps
    elif rec.nameID == 3:
        rec.string = f"{ps};subset-gb2312"
f["head"].modified = f["head"].created
f.save(dst, reorderTables=True)
PY
done
cp package/LICENSE_FONT "$out/OFL.txt"
ls -l "$out"
