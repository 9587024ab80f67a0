#pragma once
// Escaping for XML (JUnit) and HTML. Both writers escape rather than use CDATA, so "]]>" in a body
// needs no special case.
#include <string>
#include <string_view>

namespace syncsuite::reports::text {

// Element content: & < > " ' become references. Input is repaired to valid UTF-8 first; characters
// XML 1.0 does not allow (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) are removed.
std::string escape_markup(std::string_view text);

// Attribute value (inside double quotes): as escape_markup, and tab, LF and CR become character
// references so that parsers do not normalize them to spaces.
std::string escape_attribute(std::string_view text);

}  // namespace syncsuite::reports::text
