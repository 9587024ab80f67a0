#include "harness/generated/render.hpp"

#include <gtest/gtest.h>

namespace syncsuite::generated {
namespace {

BaseRequest push_base() {
  BaseRequest b;
  b.body = Json::parse(
      R"({"device_id":"d","records":[{"table":"notes","id":"a"},{"table":"notes","id":"x"}]})");
  b.bad_index = 1;
  b.bad_id = "x";
  b.token = "tok";
  return b;
}

Variant at(std::string pointer, Edit edit) {
  Variant v;
  v.request = Request::push;
  v.pointer = std::move(pointer);
  v.edit = edit;
  return v;
}

TEST(Render, SetsTheBadRecordsFieldWithItsFreshId) {
  auto v = at("/records/@/id", Edit::set);
  v.value = std::string(kIdMark) + "\n";
  const auto r = render(v, push_base());
  EXPECT_EQ(
      *r.body,
      R"({"device_id":"d","records":[{"id":"a","table":"notes"},{"id":"x\n","table":"notes"}]})");
  EXPECT_EQ(*r.authorization, "Token tok");
  EXPECT_EQ(*r.content_type, "application/json");
}

TEST(Render, RemovesAField) {
  const auto r = render(at("/records/@/table", Edit::remove), push_base());
  EXPECT_EQ(*r.body, R"({"device_id":"d","records":[{"id":"a","table":"notes"},{"id":"x"}]})");
}

TEST(Render, RawTextIsSplicedAsBytes) {
  auto v = at("/records/@/table", Edit::raw);
  v.text = "\"BAD\",\"table\":\"notes\"";
  EXPECT_EQ(
      *render(v, push_base()).body,
      R"({"device_id":"d","records":[{"id":"a","table":"notes"},{"id":"x","table":"BAD","table":"notes"}]})");
  v.pointer = "/device_id";
  v.text = "\"d\xff\"";
  EXPECT_NE(render(v, push_base()).body->find("\"d\xff\""), std::string::npos);
}

TEST(Render, NestingAndBytesAroundTheBody) {
  auto v = at("/device_id", Edit::nest);
  v.depth = 3;
  EXPECT_EQ(render(v, push_base()).body->substr(0, 25), R"({"device_id":[[[1]]],"rec)");
  auto suffix = at("", Edit::body_suffix);
  suffix.text = std::string("\0x", 2);
  const auto body = *render(suffix, push_base()).body;
  EXPECT_EQ(body.substr(body.size() - 3), std::string("}\0x", 3));
  EXPECT_EQ(nested_arrays(2), "[[1]]");
}

TEST(Render, QueryValuesArePercentEncoded) {
  BaseRequest b;
  b.query = {{"since", "c1"}, {"limit", "5"}};
  Variant v;
  v.request = Request::pull;
  v.place = Place::query;
  v.pointer = "limit";
  v.edit = Edit::text;
  v.text = " 5\n";
  const auto r = render(v, b);
  EXPECT_EQ(r.query, "?since=c1&limit=%205%0A");
  EXPECT_FALSE(r.body);
  v.edit = Edit::omit;
  EXPECT_EQ(render(v, b).query, "?since=c1");
}

TEST(Render, HeaderVariantsReplaceOrDropTheHeader) {
  Variant v;
  v.request = Request::headers;
  v.place = Place::header;
  v.pointer = "Authorization";
  v.edit = Edit::text;
  v.text = "Token x" + std::string(kTokenMark);
  EXPECT_EQ(*render(v, push_base()).authorization, "Token xtok");
  v.edit = Edit::omit;
  EXPECT_FALSE(render(v, push_base()).authorization);
}

}  // namespace
}  // namespace syncsuite::generated
