// How a simulated payment reads as an event, in the CSV and in the bodies sent to /detect.
//
//   kCardPayment      the Fraud Detection Handbook's: entity `customer` (ENTITY_ID "4209"),
//                     `terminal_id` ("8003"), `tx_amount`; event type card_transaction, detector
//                     card_payments (examples/card_payments.yaml)
//   kSeedTransaction  the seed's card-not-present transactions: entity `account` ("user_4209"),
//                     `ip_address` (the terminal as an address, "10.0.31.68"), `transaction_amount`;
//                     event type transaction, detector transaction_detector
//                     (examples/transaction_detector.yaml)
//
// The shape renames; it changes no draw: both shapes of one seed are the same payments. In the
// seed's shape the terminal is where the payment comes from — its address — so the compromised
// terminals of scenario 2 are compromised addresses. Terminal t is the address 10.0.0.0 + t + 1
// (t = 0 is 10.0.0.1), so at most kMaxSeedTerminals terminals have one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::simulator {

enum class EventShape { kCardPayment, kSeedTransaction };

constexpr uint32_t kMaxSeedTerminals = (1u << 24) - 2;  // 10.0.0.1 .. 10.255.255.254

struct EventNames {
  std::string_view event_type;
  std::string_view detector_id;
  std::string_view entity_type;      // the /detect body carries the id as <entity_type>_id
  std::string_view place_variable;   // the terminal
  std::string_view amount_variable;  // the amount, with two decimals
};

const EventNames& NamesOf(EventShape shape);

// "card" or "seed"; InvalidArgument otherwise.
Result<EventShape> ParseEventShape(std::string_view name);

// Write the entity id and the place of a payment at `p` and return the end: at most 16 characters
// each, no allocation (the CSV writer formats rows in place).
char* WriteEntityId(char* p, EventShape shape, uint32_t customer_id);
char* WritePlace(char* p, EventShape shape, uint32_t terminal_id);

std::string EntityId(EventShape shape, uint32_t customer_id);
std::string Place(EventShape shape, uint32_t terminal_id);

}  // namespace vigil::simulator
