#!/bin/sh
# Build the front-end assets into static/build/ (a build artefact, not in git).
#
#   npm ci && sh scripts/build-assets.sh     (or: npm run build)
#
# - static/scss/app.scss -> static/build/app.css (GOV.UK Frontend, Arial, landlord brand)
# - htmx 2 and the GOV.UK Frontend ES module -> static/build/*.min.js
# - GOV.UK Frontend's assets folder -> static/build/govuk/assets/, less what only
#   GOV.UK may use: the GDS Transport fonts, and the crown and crest images
#   (favicon.*, govuk-*); its manifest.json lists only crown icons, so it stays out too
# - Atkinson Hyperlegible (latin, 400/700, normal/italic, woff2/woff) and its OFL
#   licence -> static/build/fonts/, for PDF letters
# - a favicon in the brand colour -> static/build/favicon.svg
#
# PORTAL_BRAND_COLOUR=#rrggbb (optional) overrides the brand colour in
# static/scss/brand/_portal-brand.scss; the Sass refuses a colour on which white
# text fails WCAG AA. Everything is built in a temporary folder and swapped in at
# the end, so a failed build leaves the previous static/build/ untouched and a
# second run gives the same result.
set -eu

cd "$(dirname "$0")/.."

nm=node_modules
for need in "$nm/.bin/sass" "$nm/govuk-frontend/dist/govuk" "$nm/htmx.org/dist/htmx.min.js" \
    "$nm/@fontsource/atkinson-hyperlegible/files"; do
    if [ ! -e "$need" ]; then
        echo "build-assets: $need is missing: run 'npm ci' (or 'npm install') first" >&2
        exit 1
    fi
done

out=static/build
stage=$(mktemp -d static/.build-XXXXXX)
brand_dir=$(mktemp -d)
cleanup() { rm -rf "$stage" "$brand_dir"; }
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

brand=${PORTAL_BRAND_COLOUR:-}
if [ -n "$brand" ]; then
    if ! printf '%s' "$brand" | grep -Eq '^#[0-9A-Fa-f]{6}$'; then
        echo "build-assets: PORTAL_BRAND_COLOUR must look like #005a70, not '$brand'" >&2
        exit 1
    fi
    printf '$colour: %s;\n' "$brand" >"$brand_dir/_portal-brand.scss"
else
    brand=$(sed -n 's/^\$colour: *\(#[0-9A-Fa-f]\{6\}\);.*/\1/p' static/scss/brand/_portal-brand.scss)
fi

# 1. CSS. Load paths are searched in order: an override first, then the default.
npx --no -- sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps \
    --load-path="$brand_dir" --load-path=static/scss/brand \
    static/scss/app.scss "$stage/app.css"

# 2. JavaScript.
cp "$nm/htmx.org/dist/htmx.min.js" "$stage/htmx.min.js"
gf="$nm/govuk-frontend/dist/govuk"
cp "$gf/govuk-frontend.min.js" "$gf/govuk-frontend.min.js.map" "$stage/"

# 3. GOV.UK Frontend assets, without GOV.UK's own font and marks.
mkdir -p "$stage/govuk/assets/images"
for f in "$gf"/assets/images/*; do
    [ -f "$f" ] || continue
    case $(basename "$f") in
        favicon.* | govuk-*) ;; # the crown, the crest and GOV.UK icons
        *) cp "$f" "$stage/govuk/assets/images/" ;;
    esac
done

# 4. Atkinson Hyperlegible for letters (OFL: the licence travels with the fonts).
fs="$nm/@fontsource/atkinson-hyperlegible"
mkdir -p "$stage/fonts"
for weight in 400 700; do
    for style in normal italic; do
        for ext in woff2 woff; do
            cp "$fs/files/atkinson-hyperlegible-latin-$weight-$style.$ext" "$stage/fonts/"
        done
    done
done
cp "$fs/LICENSE" "$stage/fonts/OFL.txt"

# 5. A favicon in the brand colour (a house), so browsers do not ask for /favicon.ico.
cat >"$stage/favicon.svg" <<SVG
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="$brand"/><path fill="#fff" d="M16 5 4 15.5h3.5V27h6.5v-7h4v7h6.5V15.5H28z"/></svg>
SVG

# Swap in the new build.
rm -rf "$out"
mv "$stage" "$out"
chmod 755 "$out"
echo "build-assets: built $out (brand colour $brand)"
