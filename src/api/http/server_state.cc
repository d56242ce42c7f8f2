#include "api/http/server_state.h"

#include "api/http/connection.h"

namespace vigil::http::detail {

ServerState::ServerState(ServerOptions options, Handler handler)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      gate_(std::make_shared<SendGate>()) {}

bool ServerState::Register(std::shared_ptr<Connection> connection, uint64_t id) {
  std::lock_guard lock(mu_);
  if (stopping_.load(std::memory_order_relaxed) ||
      connections_.size() >= options_.max_connections) {
    return false;
  }
  connections_.emplace(id, std::move(connection));
  active_.store(connections_.size(), std::memory_order_relaxed);
  return true;
}

void ServerState::Unregister(uint64_t id) {
  std::shared_ptr<Connection> dropped;  // released outside the lock
  {
    std::lock_guard lock(mu_);
    auto it = connections_.find(id);
    if (it == connections_.end()) return;
    dropped = std::move(it->second);
    connections_.erase(it);
    active_.store(connections_.size(), std::memory_order_relaxed);
    if (connections_.empty()) empty_.notify_all();
  }
}

std::vector<std::shared_ptr<Connection>> ServerState::BeginStop() {
  std::lock_guard lock(mu_);
  stopping_.store(true, std::memory_order_release);
  std::vector<std::shared_ptr<Connection>> open;
  open.reserve(connections_.size());
  for (const auto& [id, connection] : connections_) open.push_back(connection);
  return open;
}

std::vector<std::shared_ptr<Connection>> ServerState::Snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<Connection>> open;
  open.reserve(connections_.size());
  for (const auto& [id, connection] : connections_) open.push_back(connection);
  return open;
}

bool ServerState::WaitUntilEmpty(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  return empty_.wait_until(lock, deadline, [this] { return connections_.empty(); });
}

void ServerState::Clear() {
  std::unordered_map<uint64_t, std::shared_ptr<Connection>> dropped;
  {
    std::lock_guard lock(mu_);
    dropped.swap(connections_);
    active_.store(0, std::memory_order_relaxed);
  }
}

}  // namespace vigil::http::detail
