// What every page renderer shares (pages.cpp and the action pages): the frame
// around a page's own template, the catalogue's placeholders, the page scripts.
#pragma once

#include <ctemplate/template.h>

#include <string>
#include <string_view>

#include "db/action_queue.h"
#include "web/i18n.h"

namespace redriva::web {

// The page frame (layout.tpl) around `content_template`; returns the dictionary of
// the page's own template. Every T_ entry of the catalogue is visible to the page
// and its includes, and the page scripts get their strings in a JSON data block.
// Who reads the page: a visitor the pipeline let in (the log-out form when a login
// is set, the CSRF placeholder the app swaps for the request's token), or anyone (a
// request refused before anything is known of it: neither).
enum class FrameFor { kVisitor, kAnyone };
ctemplate::TemplateDictionary* frame(ctemplate::TemplateDictionary& root, const std::string& title,
                                     const char* content_template, const char* nav, bool demo,
                                     const Catalogue& cat, FrameFor reader = FrameFor::kVisitor);

// The whole page of a root dictionary `frame` prepared.
std::string expand(const ctemplate::TemplateDictionary& dict);

// `text` with every "{name}" replaced by `value` (catalogue placeholders).
std::string fill(std::string text, std::string_view name, std::string_view value);

// A date as every page shows it: `name` the server's UTC text ("2025-07-29 10:30
// UTC", readable without a script), `name`_ISO the instant for the template's
// <time datetime>, which redriva.js rewrites in the reader's time zone and language.
// Both are empty for an empty or malformed stored date.
void set_date(ctemplate::TemplateDictionary* dict, const std::string& name, std::string_view iso);

// A catalogue text with a "{when}" placeholder, in pieces around its date so that
// the date can be a <time>: `name`_BEFORE, `name`_WHEN (+ _WHEN_ISO), `name`_AFTER.
void set_text_with_date(ctemplate::TemplateDictionary* dict, const std::string& name,
                        const std::string& text, std::string_view iso);

// "{done} done, {failed} failed, {skipped} skipped, of {total}" in the page's language.
std::string job_counts_text(const Catalogue& cat, const db::ItemCounts& counts);

// A page's own script, static/js/<name>.js, loaded after the shared redriva.js.
void add_script(ctemplate::TemplateDictionary& root, const char* name);

}  // namespace redriva::web
