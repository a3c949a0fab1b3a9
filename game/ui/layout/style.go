package layout

import "impactkaarten/game/theme"

// The client's surfaces and controls, built on the shared palette in game/theme.
const (
	TableColor               = theme.Table // the deep-green table everything sits on
	TableLight   theme.Color = 0x2A4F46    // a lighter patch of table: the top bar, drop zones
	TableLine    theme.Color = 0x3D655B    // rules and outlines on the table
	PanelColor               = theme.Paper // light panels on the table
	CardColor                = theme.White // card faces
	InkColor                 = theme.Ink   // text on light surfaces
	MutedColor               = theme.Muted // secondary text on light surfaces
	OnTable                  = theme.Paper // text on the table
	OnTableMuted theme.Color = 0xB9CBC4    // secondary text on the table
	PrimaryColor theme.Color = 0x2E6E5F    // the main action on a light surface
	PrimaryDark  theme.Color = 0xF2C14E    // the main action on the table: warm, calm amber
	DangerColor  theme.Color = 0xB0441C    // a destructive action (kick, end)
	FocusColor   theme.Color = 0xF2C14E    // the keyboard focus ring: visible on green and on paper
	OnlineColor  theme.Color = 0x3FBF7F
	OfflineColor theme.Color = 0x9AA59F
	WarnColor                = theme.Accent
	ErrorColor   theme.Color = 0xB0441C
)

// ButtonStyle is how prominent a button is.
type ButtonStyle uint8

// The button styles.
const (
	Primary   ButtonStyle = iota // the one main action of a screen
	Secondary                    // other actions
	Quiet                        // small, text-like actions
	Danger                       // kick, end the session
	// DangerQuiet is a destructive action that asks first and stands in a list of its kind
	// (a player's removal in the players drawer): its colour says what it does without
	// every row carrying a solid red button.
	DangerQuiet
)

// KindColor is the band colour of a card kind that has no part of the earning model.
func KindColor(kind string) theme.Color {
	switch kind {
	case "statement":
		return 0x3D655B
	case "question":
		return 0x56B4E9
	case "advice":
		return 0xD55E00
	case "blank":
		return 0x9AA59F
	}
	return theme.Muted
}
