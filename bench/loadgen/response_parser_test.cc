#include "response_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil::loadgen {
namespace {

std::string Answer(int status, const std::string& body, const std::string& extra = "") {
  return "HTTP/1.1 " + std::to_string(status) + " Whatever\r\nContent-Type: application/json\r\n" +
         extra + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(ResponseParser, OneAnswerAtOnce) {
  ResponseParser parser;
  std::vector<Response> out;
  ASSERT_TRUE(parser.Feed(Answer(200, R"({"ok":true})"), out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status, 200);
  EXPECT_FALSE(out[0].close);
  EXPECT_TRUE(parser.Idle());
}

TEST(ResponseParser, PipelinedAnswersInAnyPieces) {
  const std::string stream = Answer(200, std::string(300, 'x')) + Answer(503, "{}") +
                             Answer(204, "") + Answer(400, "bad", "connection: Close\r\n");
  // Whole, byte by byte, and in pieces of 7 (which split the blank line in many places).
  for (size_t piece : {stream.size(), size_t{1}, size_t{7}}) {
    ResponseParser parser;
    std::vector<Response> out;
    for (size_t at = 0; at < stream.size(); at += piece) {
      ASSERT_TRUE(parser.Feed(std::string_view(stream).substr(at, piece), out)) << piece;
    }
    ASSERT_EQ(out.size(), 4u) << piece;
    EXPECT_EQ(out[0].status, 200);
    EXPECT_EQ(out[1].status, 503);
    EXPECT_EQ(out[2].status, 204);
    EXPECT_EQ(out[3].status, 400);
    EXPECT_FALSE(out[2].close);
    EXPECT_TRUE(out[3].close);
    EXPECT_TRUE(parser.Idle());
  }
}

TEST(ResponseParser, AnAnswerCompletesOnlyWithItsLastByte) {
  const std::string answer = Answer(200, "0123456789");
  ResponseParser parser;
  std::vector<Response> out;
  ASSERT_TRUE(parser.Feed(std::string_view(answer).substr(0, answer.size() - 1), out));
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(parser.Idle());
  ASSERT_TRUE(parser.Feed(std::string_view(answer).substr(answer.size() - 1), out));
  EXPECT_EQ(out.size(), 1u);
}

TEST(ResponseParser, InterimAnswersAreSkippedAndHttp10Closes) {
  ResponseParser parser;
  std::vector<Response> out;
  ASSERT_TRUE(parser.Feed("HTTP/1.1 100 Continue\r\n\r\n" + Answer(201, "{}"), out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status, 201);
  ASSERT_TRUE(parser.Feed("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[1].close);
  ASSERT_TRUE(
      parser.Feed("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", out));
  EXPECT_FALSE(out[2].close);
}

TEST(ResponseParser, WhatItCannotDelimitIsAnError) {
  struct Case {
    std::string stream;
    std::string says;
  } cases[] = {
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
       "Transfer-Encoding"},
      {"HTTP/1.1 200 OK\r\n\r\n", "no Content-Length"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n", "Content-Length"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "Content-Length"},
      {"HTTP/2 200\r\n\r\n", "status line"},
      {"SSH-2.0-OpenSSH_9.2\r\n\r\n", "status line"},
      {"HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n", "status code"},
      {"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "header line"},
      {"HTTP/1.1 200 OK\r\nX: " + std::string(ResponseParser::kMaxHeaderBytes, 'a'), "over"},
  };
  for (const auto& c : cases) {
    ResponseParser parser;
    std::vector<Response> out;
    auto status = parser.Feed(c.stream, out);
    ASSERT_FALSE(status) << c.stream.substr(0, 60);
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(status.error().message.find(c.says), std::string::npos) << status.error().message;
    EXPECT_TRUE(out.empty());
    // A failed stream stays failed, even for good bytes.
    EXPECT_FALSE(parser.Feed(Answer(200, ""), out));
    EXPECT_FALSE(parser.Idle());
  }
}

TEST(ResponseParser, AnswersBeforeAnErrorAreKept) {
  ResponseParser parser;
  std::vector<Response> out;
  auto status = parser.Feed(Answer(200, "{}") + "garbage\r\n\r\n", out);
  EXPECT_FALSE(status);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status, 200);
}

}  // namespace
}  // namespace vigil::loadgen
