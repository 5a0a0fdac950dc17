// commands/profiles: one profile_from for the relay and the daily refresh.
#include "commands/profiles.hpp"

#include <gtest/gtest.h>

namespace megatron::commands {
namespace {

slack::UserProfile carla() {
    slack::UserProfile user;
    user.id = "U0CUST";
    user.name = "carla";
    user.real_name = "Carla Customer";
    user.display_name = "Carla";
    user.image_48 = "https://avatars.example.com/carla_48.png";
    user.image_72 = "https://avatars.example.com/carla_72.png";
    return user;
}

TEST(ProfileFrom, TakesNamesAndThe72PixelAvatar) {
    auto profile = profile_from(carla());
    EXPECT_EQ(profile.platform_id, "U0CUST");
    EXPECT_EQ(profile.username, "carla");
    EXPECT_EQ(profile.display_name, "Carla");
    EXPECT_EQ(profile.real_name, "Carla Customer");
    EXPECT_EQ(profile.profile_image, "https://avatars.example.com/carla_72.png");
}

// The profile refresh used a copy without this fallback and dropped such avatars.
TEST(ProfileFrom, FallsBackToThe48PixelAvatar) {
    auto user = carla();
    user.image_72.clear();
    EXPECT_EQ(profile_from(user).profile_image, "https://avatars.example.com/carla_48.png");
}

TEST(ProfileFrom, AHandlelessUserIsNamedById) {
    auto user = carla();
    user.name.clear();
    user.display_name.clear();
    user.real_name.clear();
    auto profile = profile_from(user);
    EXPECT_EQ(profile.username, "U0CUST");
    EXPECT_FALSE(profile.display_name.has_value());
    EXPECT_EQ(profile.best_name(), "U0CUST");
}

}  // namespace
}  // namespace megatron::commands
