#pragma once
// The inline stylesheet of the load report: no external assets, fonts or CDNs.
#include <string_view>

namespace syncsuite::reports {

// CSS for the classes load_html.cpp emits (badge, meta, thresholds, actions, chart, ...).
extern const std::string_view kLoadHtmlStyle;

}  // namespace syncsuite::reports
