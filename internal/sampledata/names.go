package sampledata

// Made-up name parts in the style of a Kerala Mahall register, in Latin
// script as the field program stores them. They describe no real person:
// given names, house names and places are drawn and combined at random.

var maleNames = []string{
	"Muhammed", "Abdul Rahman", "Ashraf", "Shihab", "Faisal", "Nizar", "Rasheed",
	"Salim", "Anvar", "Basheer", "Hamza", "Ibrahim", "Ismail", "Jabir", "Kabeer",
	"Latheef", "Majeed", "Noushad", "Rafeeq", "Sameer", "Shameer", "Siddique",
	"Thahir", "Yoosuf", "Zakariya", "Ameen", "Irfan", "Adil", "Fahad", "Hisham",
	"Junaid", "Muneer", "Navas", "Riyas", "Sainudheen", "Umar", "Usman",
	"Aboobacker", "Moideen", "Kunhalavi", "Kunhimoideen", "Ahammed Kutty", "Bava",
	"Mohammed Ali", "Abdul Khader", "Abdul Salam", "Abdulla", "Haris", "Muhsin",
	"Shafi", "Sinan", "Nihal", "Rayan", "Ayaan", "Zayan", "Hadi", "Anshif",
	"Jaseel", "Mishal", "Nabeel", "Sahal", "Shaheer", "Fayis", "Musthafa",
}

var femaleNames = []string{
	"Fathima", "Ayisha", "Khadeeja", "Safiya", "Sainaba", "Ramla", "Sulaikha",
	"Haseena", "Rasheeda", "Shameena", "Jameela", "Nafeesa", "Mariyam", "Sakeena",
	"Shabna", "Shahana", "Fousiya", "Najma", "Hiba", "Hanna", "Nida", "Rinsha",
	"Shifa", "Amna", "Ameena", "Fidha", "Liyana", "Sana", "Minha", "Nusaiba",
	"Asma", "Kunhipathumma", "Pathumma", "Ummu Kulsu", "Thasni", "Raihana",
	"Suhara", "Bushra", "Hafsa", "Diya", "Zainaba", "Fathima Zahra", "Ayisha Nourin",
	"Hadiya", "Jumana", "Lubna", "Mehrin", "Nishana", "Safa", "Sahla",
}

// House names are a first part and an ending glued together, plus a few
// whole names, so a large register gets many distinct families.
var houseStarts = []string{
	"Puthan", "Kizhakke", "Padinjare", "Vadakke", "Thekke", "Valiya", "Cheriya",
	"Mele", "Thazhe", "Kunnum", "Palli", "Thottu", "Kalli", "Poo", "Eranhi",
	"Kandam", "Aala", "Maavu", "Punna", "Naduvil", "Kuzhi", "Para", "Chola",
	"Kaitha", "Mundak", "Peringat", "Ola", "Kulam", "Chembra", "Vella",
}

var houseEnds = []string{
	"pura", "veettil", "parambil", "kkal", "thodi", "kandi", "chalil", "meethal",
	"kuzhiyil", "purayil", "kunnath", "vayal", "padi", "thodika", "kara", "thara",
}

var houseWhole = []string{
	"Puthanpura", "Kizhakkethil", "Padinjarethil", "Vadakkethil", "Thekkethil",
	"Parambil", "Kunnath", "Pallikkal", "Thottathil", "Valiyaveettil", "Chalil",
	"Kallingal", "Poovathingal", "Meethal", "Kandathil", "Palakkal",
}

var places = []string{
	"Kunnummal", "Palliyali", "Thazhepalam", "Kadavu", "Mukku", "Chirakkal",
	"Anangadi", "Melepuram", "Kavungal", "Ottupara", "Valiyakulam", "Karimbana",
	"Cherukara", "Puzhakkal", "Thekkumpuram", "Vayalkara", "Moochikkal", "Kalladi",
	"Parappuram", "Chembilode",
}

var todoTitles = []string{
	"Collect Eid Paisa from Area %d", "Repair the well pump", "Print receipt books",
	"Call general body meeting", "Update phone numbers of Area %d", "Paint the madrasa gate",
	"Order chairs for the Nikah hall", "Check overdue Varisankhya in Area %d",
	"Prepare Ramadan relief kits", "Audit building fund accounts",
}

var todoCategories = []string{"General", "Finance", "Maintenance", "Meeting", "Relief"}
