// config/report.hpp — what the configuration looks like to people and to other
// components: `config check` output, `.env.example`, the docs/config.md reference, the
// start-up audit record and the logger's options. Everything here is generated from the
// option table; secrets are redacted in every output.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "robo/config/loader.hpp"
#include "robo/log/audit_sink.hpp"
#include "robo/log/log.hpp"

namespace robo::config {

// Every option with its effective value and source, then warnings and errors, then a
// verdict line. Secrets show as <redacted>.
std::string render_check_report(const LoadResult& result);

// The repository's .env.example: every option, commented with doc, allowed values,
// default and presets. A test keeps the committed file equal to this.
std::string render_env_example();

// The option reference, presets and production rules as Markdown (docs/config.md holds
// it between "<!-- BEGIN GENERATED -->" and "<!-- END GENERATED -->").
std::string render_reference_markdown();

// {"environment":..., "values":{NAME:{"value":..., "source":...}}, "warnings":[...]} with
// secrets redacted.
nlohmann::json effective_config_json(const LoadResult& result);

// Records the configuration a session starts with as a "config_loaded" audit record.
void audit_startup(const LoadResult& result, log::AuditSink& audit);

// The logger settings the configuration asks for (level, format, file, rotation).
log::LogOptions log_options(const Config& config);

}  // namespace robo::config
