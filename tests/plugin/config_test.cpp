// SPDX-License-Identifier: GPL-2.0-or-later
// Config and route parsing: every problem names file, line and key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config/plugin_config.h"
#include "config/route_config.h"

namespace audisp_contid {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("contid-config-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "routes");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }
  std::string main_config(const std::string& extra = "") {
    return write("plugin.conf", "routes_dir = " + (dir_ / "routes").string() + "\n" + extra);
  }

  std::filesystem::path dir_;
};

TEST_F(ConfigTest, ValidRoutesLoadWithDefaults) {
  write("routes/web.conf", "contid = 5, 7\nsink = file\npath = /tmp/x/%c.log\nnested = no\n");
  write("routes/host.conf", "# host only\ncontid = unset\nsink = syslog\nfacility = local3\n");
  write("routes/.hidden.conf", "garbage\n");
  write("routes/notes.txt", "garbage\n");
  PluginConfig config;
  ConfigErrors errors;
  ASSERT_TRUE(load_plugin_config(main_config("q_depth = 77\n"), &config, &errors))
      << errors.report();
  ASSERT_EQ(config.routes.size(), 2u);
  EXPECT_EQ(config.routes[0].name, "host");
  EXPECT_TRUE(config.routes[0].selector.unset);
  const RouteConfig& web = config.routes[1];
  EXPECT_EQ(web.name, "web");
  EXPECT_EQ(web.selector.ids, (std::vector<contid::ContainerId>{5, 7}));
  EXPECT_TRUE(web.selector.exact);
  EXPECT_EQ(web.queue_depth, 77u);
  EXPECT_EQ(web.file.path_template, "/tmp/x/%c.log");
}

TEST_F(ConfigTest, EveryErrorNamesFileLineAndKey) {
  const std::string route = write("routes/bad.conf",
                                  "contid = 5,x\n"         // 1
                                  "sink = file\n"          // 2
                                  "path = relative.log\n"  // 3
                                  "flush = sometimes\n"    // 4
                                  "allow_uid = 0\n"        // 5: socket-only key
                                  "bogus = 1\n"            // 6
                                  "queue_depth = -3\n"     // 7
                                  "no equals sign\n");     // 8
  PluginConfig config;
  ConfigErrors errors;
  EXPECT_FALSE(load_plugin_config(main_config("eoe_timeout = soon\n"), &config, &errors));
  const std::string report = errors.report();
  EXPECT_NE(report.find(route + ":1: key 'contid': 'x' is not a container id"), std::string::npos)
      << report;
  EXPECT_NE(report.find(route + ":3: key 'path': must be an absolute path"), std::string::npos);
  EXPECT_NE(report.find(route + ":4: key 'flush': expected none, incremental"), std::string::npos);
  EXPECT_NE(report.find(route + ":5: key 'allow_uid': not valid for sink = file"),
            std::string::npos);
  EXPECT_NE(report.find(route + ":6: key 'bogus': unknown key"), std::string::npos);
  EXPECT_NE(report.find(route + ":7: key 'queue_depth': expected a number"), std::string::npos);
  EXPECT_NE(report.find(route + ":8: expected 'key = value'"), std::string::npos);
  EXPECT_NE(report.find("plugin.conf:2: key 'eoe_timeout'"), std::string::npos);
  EXPECT_EQ(errors.count(), 8u);
  EXPECT_NE(report.find("8 errors in 2 files"), std::string::npos) << report;
}

TEST_F(ConfigTest, MissingKeysAndBadTemplatesAreReported) {
  const std::string a = write("routes/a.conf", "sink = socket\n");
  const std::string b = write("routes/b.conf", "contid = any\nsink = file\npath = /x/%u.log\n");
  const std::string c = write("routes/c.conf", "contid = any\nsink = pipe\n");
  const std::string d =
      write("routes/d.conf", "contid = 1\nsink = exec\npath = /bin/true\nexpression = (\n");
  PluginConfig config;
  ConfigErrors errors;
  EXPECT_FALSE(load_plugin_config(main_config(), &config, &errors));
  const std::string report = errors.report();
  EXPECT_NE(report.find(a + ": key 'contid': missing"), std::string::npos) << report;
  EXPECT_NE(report.find(a + ": key 'path': missing"), std::string::npos);
  EXPECT_NE(report.find(b + ":3: key 'path': unknown template '%u'"), std::string::npos);
  EXPECT_NE(report.find(c + ":2: key 'sink': expected file, socket, exec or syslog"),
            std::string::npos);
  EXPECT_NE(report.find(d + ":4: key 'expression': invalid ausearch expression"),
            std::string::npos);
}

TEST_F(ConfigTest, DuplicateKeyAndUnknownGlobalKey) {
  PluginConfig config;
  ConfigErrors errors;
  const std::string path = main_config("q_depth = 5\nq_depth = 6\nfrobnicate = yes\n");
  EXPECT_FALSE(load_plugin_config(path, &config, &errors));
  EXPECT_NE(errors.report().find(path + ":3: key 'q_depth': given more than once"),
            std::string::npos)
      << errors.report();
  EXPECT_NE(errors.report().find(path + ":4: key 'frobnicate': unknown key"), std::string::npos);
}

TEST_F(ConfigTest, MissingConfigFileAndRoutesDir) {
  PluginConfig config;
  ConfigErrors errors;
  EXPECT_FALSE(load_plugin_config((dir_ / "absent.conf").string(), &config, &errors));
  EXPECT_NE(errors.report().find("absent.conf: cannot read"), std::string::npos);
  ConfigErrors dir_errors;
  const std::string path = write("p.conf", "routes_dir = /nonexistent/contid-routes\n");
  EXPECT_FALSE(load_plugin_config(path, &config, &dir_errors));
  EXPECT_NE(dir_errors.report().find("key 'routes_dir': cannot read"), std::string::npos);
}

TEST_F(ConfigTest, SameSettingsDetectsChanges) {
  const std::string path = write("routes/r.conf", "contid = 1\nsink = file\npath = /a/%c\n");
  RouteConfig first, second;
  ConfigErrors errors;
  ASSERT_TRUE(parse_route_file(path, &first, &errors));
  ASSERT_TRUE(parse_route_file(path, &second, &errors));
  EXPECT_TRUE(first.same_settings(second));
  write("routes/r.conf", "contid = 1\nsink = file\npath = /b/%c\n");
  ASSERT_TRUE(parse_route_file(path, &second, &errors));
  EXPECT_FALSE(first.same_settings(second));
}

TEST_F(ConfigTest, KeyTableDefaultsAreTheParsedDefaults) {
  // A route that sets a key to its documented default equals one that
  // leaves it out (defaults named after a global key, or none, are skipped).
  const SinkType sinks[] = {SinkType::kFile, SinkType::kSocket, SinkType::kExec, SinkType::kSyslog};
  std::size_t checked = 0;
  for (const RouteKey& key : route_keys()) {
    const std::string value = key.default_value;
    if (value.empty() || value[0] == '(' || value == "q_depth" || value == "spill_dir" ||
        value == "attribution" || std::string(key.name) == "contid")  // contid: in `base`
      continue;
    for (const SinkType sink : sinks) {
      if (!key.applies_to(sink)) continue;
      std::string base = "contid = any\nsink = " + std::string(to_string(sink)) + "\n";
      if (sink != SinkType::kSyslog) base += "path = /tmp/x\n";
      RouteConfig without, with;
      ConfigErrors errors;
      ASSERT_TRUE(parse_route_file(write("routes/r.conf", base), &without, &errors))
          << errors.report();
      ASSERT_TRUE(parse_route_file(write("routes/r.conf", base + key.name + " = " + value + "\n"),
                                   &with, &errors))
          << errors.report();
      EXPECT_TRUE(with.same_settings(without))
          << key.name << " = " << value << " for " << to_string(sink);
      ++checked;
    }
  }
  EXPECT_GE(checked, 12u);
}

}  // namespace
}  // namespace audisp_contid
