"""The synthetic data set's words: names, standards and the texts of recommendations, actions
and updates."""

PREFIX = "Synthetic "
REGION_NAME = "Synthetic Region {}"
MANAGER_USERNAME = "synthetic-manager-{}"
LEAD_USERNAME = "synthetic-lead-{}"
SOURCE_NAME = "synthetic"
BATCH_SIZE = 2000

STANDARDS = [
    ("P 1.1", "Leadership", []),
    ("P 1.2", "Staffing", []),
    ("P 1.3", "Services", []),
    (
        "P 2.1",
        "Assessment",
        [
            "Does assessment focus sufficiently on engaging the person on probation?",
            "Does assessment focus sufficiently on the factors linked to offending and desistance?",
            "Does assessment focus sufficiently on keeping other people safe?",
        ],
    ),
    (
        "P 2.2",
        "Planning",
        [
            "Does planning focus sufficiently on engaging the person on probation?",
            "Does planning focus sufficiently on reducing reoffending and supporting desistance?",
            "Does planning focus sufficiently on keeping other people safe?",
        ],
    ),
    (
        "P 2.3",
        "Implementation and delivery",
        [
            "Is the sentence or post-custody period implemented effectively with a focus on "
            "engaging the person on probation?",
            "Does the implementation and delivery of services effectively support desistance?",
            "Does the implementation and delivery of services effectively support the safety "
            "of other people?",
        ],
    ),
    (
        "P 2.4",
        "Reviewing",
        [
            "Does reviewing focus sufficiently on supporting the person on probation's "
            "compliance and engagement?",
            "Does reviewing focus sufficiently on supporting desistance?",
            "Does reviewing focus sufficiently on keeping other people safe?",
        ],
    ),
]

RECOMMENDATION_TEXTS = [
    "ensure that it has sufficient staffing resources to provide a high-quality, personalised "
    "and responsive service for all people on probation",
    "improve the quality of assessment, planning and reviewing to keep other people safe",
    "make sure that domestic abuse and safeguarding enquiries are made and their results "
    "used in every case",
    "ensure that newly qualified officers receive protected caseloads and regular supervision",
    "improve the use of interventions and services that address factors linked to offending",
    "ensure that management oversight is effective and recorded in every high-risk case",
    "develop its relationships with partners so that information about risk is shared promptly",
    "make sure that people on probation are involved in planning their sentence",
    "improve the quality and timeliness of home visits in cases with child safeguarding concerns",
    "ensure that case allocation takes account of the complexity of the work",
    "strengthen the analysis of diversity needs and act on what it shows",
    "ensure that accredited programmes start promptly and are completed",
]
ACTION_TEXTS = [
    "Recruit to vacant probation officer posts",
    "Run quarterly case audits of risk assessment quality",
    "Deliver safeguarding refresher training to all practitioners",
    "Agree an information-sharing protocol with the police",
    "Introduce a management oversight checklist for high-risk cases",
    "Set up a workload panel for newly qualified officers",
    "Review the interventions directory with partners",
    "Hold monthly practice development sessions",
]
UPDATE_TEXTS = [
    "Reviewed progress at the senior management team meeting.",
    "Completed a case audit of a sample of cases.",
    "Delivered a training session to practitioners.",
    "Met partners to agree the next steps.",
    "Updated the action plan after supervision audits.",
    "Recruited and inducted new staff.",
    "Reported progress to the regional leadership team.",
    "Collected evidence of impact from case records.",
]
OWNERS = ["Head of Service", "Senior Probation Officer", "Deputy Head", "Quality Lead"]
TOWN_STARTS = [
    "Ash", "Bram", "Cal", "Dun", "Elm", "Fern", "Glen", "Hol", "Kings", "Lang",
    "Mar", "Nor", "Oak", "Pen", "Ros", "Stan", "Thorn", "Wal", "West", "Whit",
]  # fmt: skip
TOWN_ENDS = [
    "bury", "by", "combe", "dale", "field", "ford", "ham",
    "ley", "mouth", "stead", "ton", "wick", "worth",
]  # fmt: skip
