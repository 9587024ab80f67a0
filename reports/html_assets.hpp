#pragma once
// The inline stylesheet and script of the HTML report: no external assets, fonts or CDNs, so the
// file opens anywhere (a CI artifact, an air-gapped laptop).
#include <string_view>

namespace syncsuite::reports {

// CSS for the classes html_writer.cpp emits (badge v-<outcome>, scenario, check, wire, ...).
extern const std::string_view kHtmlStyle;

// Filter by outcome: the checkboxes in #filter hide or show details.scenario[data-outcome] and
// #shown-count says how many are shown. A URL ending in "#problems" starts with only fail and error
// shown. Without script every scenario stays visible.
extern const std::string_view kHtmlScript;

}  // namespace syncsuite::reports
