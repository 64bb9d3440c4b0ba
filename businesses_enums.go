package jiko

// The enums of the business application's industry and risk information,
// each with every value of the reference in its order. Values not listed
// here decode as they come. The lists of their values that validation uses
// are generated from the constants (enums_known.go).

// Industry is the business's line of business.
type Industry string

// The industries of the reference. With IndustryOther, name the industry in
// IndustryInfo.OtherIndustry.
const (
	IndustryAccountingAndBookkeeping                  Industry = "ACCOUNTING_AND_BOOKKEEPING"
	IndustryAdvertising                               Industry = "ADVERTISING"
	IndustryArt                                       Industry = "ART"
	IndustryATMOperator                               Industry = "ATM_OPERATOR"
	IndustryBeautyAndCosmeticServices                 Industry = "BEAUTY_AND_COSMETIC_SERVICES"
	IndustryBiotech                                   Industry = "BIOTECH"
	IndustryBusinessManagement                        Industry = "BUSINESS_MANAGEMENT"
	IndustryCleaningServices                          Industry = "CLEANING_SERVICES"
	IndustryConstruction                              Industry = "CONSTRUCTION"
	IndustryConsulting                                Industry = "CONSULTING"
	IndustryCryptocurrency                            Industry = "CRYPTOCURRENCY"
	IndustryDesign                                    Industry = "DESIGN"
	IndustryEcommerce                                 Industry = "ECOMMERCE"
	IndustryEducation                                 Industry = "EDUCATION"
	IndustryEnergy                                    Industry = "ENERGY"
	IndustryEntertainment                             Industry = "ENTERTAINMENT"
	IndustryFinancialServices                         Industry = "FINANCIAL_SERVICES"
	IndustryFitness                                   Industry = "FITNESS"
	IndustryFood                                      Industry = "FOOD"
	IndustryGambling                                  Industry = "GAMBLING"
	IndustryHardware                                  Industry = "HARDWARE"
	IndustryHealthcare                                Industry = "HEALTHCARE"
	IndustryHospitality                               Industry = "HOSPITALITY"
	IndustryInsurance                                 Industry = "INSURANCE"
	IndustryInvestments                               Industry = "INVESTMENTS"
	IndustryLegalServices                             Industry = "LEGAL_SERVICES"
	IndustryMarketing                                 Industry = "MARKETING"
	IndustryMarketplace                               Industry = "MARKETPLACE"
	IndustryNonprofit                                 Industry = "NONPROFIT"
	IndustryOther                                     Industry = "OTHER"
	IndustryParkingGarage                             Industry = "PARKING_GARAGE"
	IndustryProfessionalTechnicalOrMechanicalServices Industry = "PROFESSIONAL_TECHNICAL_OR_MECHANICAL_SERVICES"
	IndustryRealEstate                                Industry = "REAL_ESTATE"
	IndustryRecruiting                                Industry = "RECRUITING"
	IndustryResearch                                  Industry = "RESEARCH"
	IndustryRestaurant                                Industry = "RESTAURANT"
	IndustryRetailStores                              Industry = "RETAIL_STORES"
	IndustrySecurity                                  Industry = "SECURITY"
	IndustryShippingWarehousing                       Industry = "SHIPPING_WAREHOUSING"
	IndustrySoftware                                  Industry = "SOFTWARE"
	IndustrySportsTeam                                Industry = "SPORTS_TEAM"
	IndustrySupportServices                           Industry = "SUPPORT_SERVICES"
	IndustryTechnology                                Industry = "TECHNOLOGY"
	IndustryTransportation                            Industry = "TRANSPORTATION"
	IndustryTravel                                    Industry = "TRAVEL"
	IndustryWholesale                                 Industry = "WHOLESALE"
	IndustryVendingMachineOperator                    Industry = "VENDING_MACHINE_OPERATOR"
	IndustryWasteManagement                           Industry = "WASTE_MANAGEMENT"
)

// RiskCategory is a higher-risk activity the business engages in.
type RiskCategory string

// The risk categories of the reference.
const (
	RiskInternetGambling         RiskCategory = "INTERNET_GAMBLING"
	RiskCannabis                 RiskCategory = "CANNABIS"
	RiskCryptocurrency           RiskCategory = "CRYPTOCURRENCY"
	RiskCrowdfunding             RiskCategory = "CROWDFUNDING"
	RiskFinancialOrMoneyMovement RiskCategory = "FINANCIAL_OR_MONEY_MOVEMENT"
)

// BusinessActivityLocation is where the business operates.
type BusinessActivityLocation string

// The activity locations of the reference.
const (
	ActivityPrimarilyUS     BusinessActivityLocation = "PRIMARILY_US"
	ActivityMixOfUSAndNonUS BusinessActivityLocation = "MIX_OF_US_AND_NON_US"
	ActivityPrimarilyNonUS  BusinessActivityLocation = "PRIMARILY_NON_US"
)

// SourceOfFunds is whose money the business will deposit.
type SourceOfFunds string

// The sources of funds of the reference.
const (
	SourceInternalFunds         SourceOfFunds = "INTERNAL_FUNDS"
	SourceClientOrExternalFunds SourceOfFunds = "CLIENT_OR_EXTERNAL_FUNDS"
)

// AccountUsage is what the business will use its account for.
type AccountUsage string

// The account usages of the reference.
const (
	UsageMoneyStorage AccountUsage = "MONEY_STORAGE"
)

// AnnualRevenue is a range of yearly revenue in USD.
type AnnualRevenue string

// The revenue ranges of the reference.
const (
	RevenuePreRevenue    AnnualRevenue = "PRE_REVENUE"
	Revenue5MOrLess      AnnualRevenue = "5M_OR_LESS"
	RevenueBetween5M100M AnnualRevenue = "BETWEEN_5M_100M"
	Revenue100MOrMore    AnnualRevenue = "100M_OR_MORE"
)

// MonthlyTransactions is the expected number of transactions a month.
type MonthlyTransactions string

// The monthly transaction ranges of the reference.
const (
	MonthlyTransactions5OrLess       MonthlyTransactions = "5_OR_LESS"
	MonthlyTransactionsBetween5And15 MonthlyTransactions = "BETWEEN_5_AND_15"
	MonthlyTransactions15OrMore      MonthlyTransactions = "15_OR_MORE"
)

// FirstMonthDeposit is a range of the amount expected in the first month,
// in USD.
type FirstMonthDeposit string

// The first-month deposit ranges of the reference (FirstMonthDepositAmount).
const (
	FirstMonthDeposit1MOrLess         FirstMonthDeposit = "1M_OR_LESS"
	FirstMonthDepositBetween1MAnd5M   FirstMonthDeposit = "BETWEEN_1M_AND_5M"
	FirstMonthDepositBetween5MAnd20M  FirstMonthDeposit = "BETWEEN_5M_AND_20M"
	FirstMonthDepositBetween20MAnd50M FirstMonthDeposit = "BETWEEN_20M_AND_50M"
	FirstMonthDeposit50MOrMore        FirstMonthDeposit = "50M_OR_MORE"
)
