#include "simulator/event_shape.h"

#include <charconv>
#include <cstring>

namespace vigil::simulator {

namespace {

constexpr EventNames kCard{"card_transaction", "card_payments", "customer", "terminal_id",
                           "tx_amount"};
constexpr EventNames kSeed{"transaction", "transaction_detector", "account", "ip_address",
                           "transaction_amount"};

char* Number(char* p, uint32_t value) { return std::to_chars(p, p + 10, value).ptr; }

template <typename Write>
std::string AsText(Write write) {
  char text[16];
  return std::string(text, write(text));
}

}  // namespace

const EventNames& NamesOf(EventShape shape) {
  return shape == EventShape::kSeedTransaction ? kSeed : kCard;
}

Result<EventShape> ParseEventShape(std::string_view name) {
  if (name == "card") return EventShape::kCardPayment;
  if (name == "seed") return EventShape::kSeedTransaction;
  return Fail(ErrorCode::kInvalidArgument,
              "'" + std::string(name) + "' is not a shape: card (the Handbook's card payments) or "
              "seed (the seed's transactions)");
}

char* WriteEntityId(char* p, EventShape shape, uint32_t customer_id) {
  if (shape == EventShape::kSeedTransaction) {
    std::memcpy(p, "user_", 5);
    p += 5;
  }
  return Number(p, customer_id);
}

char* WritePlace(char* p, EventShape shape, uint32_t terminal_id) {
  if (shape == EventShape::kCardPayment) return Number(p, terminal_id);
  const uint32_t host = terminal_id + 1;
  p = Number(p, 10);
  for (int shift : {16, 8, 0}) {
    *p++ = '.';
    p = Number(p, (host >> shift) & 0xff);
  }
  return p;
}

std::string EntityId(EventShape shape, uint32_t customer_id) {
  return AsText([&](char* p) { return WriteEntityId(p, shape, customer_id); });
}

std::string Place(EventShape shape, uint32_t terminal_id) {
  return AsText([&](char* p) { return WritePlace(p, shape, terminal_id); });
}

}  // namespace vigil::simulator
