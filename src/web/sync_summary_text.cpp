#include "web/sync_summary_text.h"

#include "web/page_frame.h"

namespace redriva::web {

std::string summary_text(const Catalogue& cat, const SyncSummary& s) {
    const NumberFormat& n = cat.numbers();
    std::string text;
    if (s.listed) {
        text = fill(cat.text("js.summary.listed"), "listed", n.count(*s.listed));
        text = fill(text, "detailed", n.count(s.detailed));
        text = fill(text, "removed", n.count(s.removed));
    } else {
        text = fill(cat.text("js.summary.refreshed"), "detailed", n.count(s.detailed));
    }
    if (s.unreadable > 0)
        text += ", " + fill(cat.text("js.summary.unreadable"), "count", n.count(s.unreadable));
    std::string requests = fill(cat.text("js.summary.requests"), "requests", n.count(s.requests));
    requests = fill(requests, "retries", n.count(s.retries));
    requests = fill(requests, "rate_limited", n.count(s.rate_limited));
    return text + " " + requests;
}

}  // namespace redriva::web
